# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'list_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QDialog,
    QDialogButtonBox, QHeaderView, QLabel, QSizePolicy,
    QTableView, QVBoxLayout, QWidget)

class Ui_ListDialog(object):
    def setupUi(self, ListDialog):
        if not ListDialog.objectName():
            ListDialog.setObjectName(u"ListDialog")
        ListDialog.setMinimumSize(QSize(560, 420))
        self.outer = QVBoxLayout(ListDialog)
        self.outer.setObjectName(u"outer")
        self.titleLabel = QLabel(ListDialog)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setWordWrap(True)

        self.outer.addWidget(self.titleLabel)

        self.table = QTableView(ListDialog)
        self.table.setObjectName(u"table")
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)

        self.outer.addWidget(self.table)

        self.footerLabel = QLabel(ListDialog)
        self.footerLabel.setObjectName(u"footerLabel")
        self.footerLabel.setWordWrap(True)

        self.outer.addWidget(self.footerLabel)

        self.buttonBox = QDialogButtonBox(ListDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Close)

        self.outer.addWidget(self.buttonBox)


        self.retranslateUi(ListDialog)

        QMetaObject.connectSlotsByName(ListDialog)
    # setupUi

    def retranslateUi(self, ListDialog):
        ListDialog.setWindowTitle(QCoreApplication.translate("ListDialog", u"Liste", None))
        self.titleLabel.setStyleSheet(QCoreApplication.translate("ListDialog", u"font-size: 13pt; font-weight: bold;", None))
    # retranslateUi

