"""The Planning area: a service's month as a colour-coded grid (a Qt model over
core.planning.month, a painting delegate, a view with the names frozen and the footer counts),
the by-child view, and the family record's Planning tab.

- `grid_model`: `PlanningGridModel` (a row per line, a column per day), `LineInfoModel` (the
  frozen name columns), `FooterModel` (children booked and places left per day);
- `delegate`: `CellDelegate`, paints a cell from pre-rendered tiles;
- `grid_view`: `PlanningGrid`, the names, the days and the footer kept aligned;
- `loads`: the ops that read a month off the GUI thread;
- `legend`: the legend (colour, symbol, letter to type);
- `page`: `PlanningPage`, the area; `family_tab`: the family record's tab.
"""
