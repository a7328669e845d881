"""The Facturation area: the month's invoice run and the list of all invoices."""
