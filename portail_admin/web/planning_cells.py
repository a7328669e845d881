"""The cells of a child's month planning (templates/planning.html), rendered here rather than in
Jinja: a month of three services is about a hundred cells of ten attributes each, and building
them with one escaped f-string each costs a tenth of the template loop (the page is the
portal's busiest after the home page; see benchmarks/web_bench.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from markupsafe import Markup, escape

from ..core import formatting
from ..core.models.enums import RequestKind
from ..core.planning.family import GridRow


def row_cells(row: GridRow, cell_url: str, today: dt.date) -> Markup:
    """The <td> of every day of `row`."""
    # Every value from the database or the rules is escaped as it is put in (see _cells).
    return Markup("".join(_cells(row, cell_url, today)))  # noqa: S704


def _cells(row: GridRow, cell_url: str, today: dt.date) -> Iterable[str]:
    service_id = row.service_id
    url = escape(cell_url)
    for c in row.cells:
        desc = escape(
            formatting.french_spacing(
                f"{formatting.long_date(c.day)}, {row.service_name} : {c.state.label}"
            )
        )
        symbol = escape(c.state.symbol)
        css = f"s-{c.state.key}{' today' if c.day == today else ''}"
        day = c.day.isoformat()
        if c.actionable:
            absence = c.can_declare_absence
            yield (
                f'<td class="{css}"><a class="cell" href="{url}?service={service_id}&amp;jour='
                f'{day}" data-service="{service_id}" data-day="{day}" '
                f'data-reserve="{1 if c.can_reserve else 0}" data-absence="{1 if absence else 0}" '
                f'data-billed="{1 if absence and c.absence_billed else 0}" '
                f'data-reserve-label="{escape(c.action_label(RequestKind.RESERVATION))}" '
                f'data-absence-label="{escape(c.action_label(RequestKind.ABSENCE))}" '
                f'data-withdraw="{c.pending_request_id or ""}" data-label="{desc}" '
                f'aria-haspopup="menu" title="{desc}"><span aria-hidden="true">{symbol}</span>'
                f'<span class="sr-only">{desc}</span></a></td>'
            )
        else:
            reason = escape(formatting.french_spacing(c.reason))
            yield (
                f'<td class="{css} locked"><span class="cell" data-label="{desc}" '
                f'data-reason="{reason}" title="{desc} — {reason}"><span aria-hidden="true">'
                f'{symbol}</span><span class="sr-only">{desc}. {reason}</span></span></td>'
            )
