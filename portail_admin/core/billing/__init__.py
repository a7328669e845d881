"""Billing: tariffs and pricing (pure, `pricing`), the monthly run (`run`: preview and issue),
corrections by credit note (`corrections`), sending (`sending`) and the texts a municipal bill
must carry (`texts`). The invoice PDF is `core.reports.invoice_pdf`."""
