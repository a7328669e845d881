"""Planning: the one home of its rules, shared by the portal, the desktop, the printouts, the
invoices and the demo generator.

- `states`: the legend (CellState: label, colour, symbol) and the staff's letters;
- `rules`: pure rules (Qt- and SQL-free): why a service is closed on a day, who is booked and
  takes a place, the places left, the legend state of a cell, whether a cell may change;
- `month`: the set-based reads of a service's month and of a child's month, and the places
  used and left on days of a service (the same derivation);
- `edits`: staff writes of many cells at once, version-checked, in one transaction;
- `family`: what a family may ask on its child's month (the portal's cells);
- `lot`, `lot_edits`: the saisie par lot (the days of a range and rhythm; its preview and apply);
- `enrolments`: a child's enrolments: enrol, change, end, and what the days an enrolment
  loses hold (bookings cancelled or kept, attended and locked days never deleted).
- `pointage`: the day sheet of a service or a structure, présent / absent through `edits`,
  walk-ins and the day's counts (Permission.ATTENDANCE: all an animateur does of it).
"""
