"""The services of a combo box under their structure's heading (a bold row that cannot be
chosen), as the Planning page and the print dialogs list them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel


class ServiceItem(NamedTuple):
    id: int
    structure_name: str
    text: str
    tooltip: str = ""


def fill_grouped(model: QStandardItemModel, services: Iterable[ServiceItem]) -> None:
    """Append the services to `model`, each structure's heading before its first service;
    a service's id is its item's UserRole data."""
    structure = None
    for service in services:
        if service.structure_name != structure:
            structure = service.structure_name
            heading = QStandardItem(structure)
            heading.setFlags(Qt.ItemFlag.NoItemFlags)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            model.appendRow(heading)
        item = QStandardItem("    " + service.text)
        item.setData(service.id, Qt.ItemDataRole.UserRole)
        if service.tooltip:
            item.setToolTip(service.tooltip)
        model.appendRow(item)
