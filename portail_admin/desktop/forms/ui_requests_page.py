# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'requests_page.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QFrame,
    QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QScrollArea, QSizePolicy, QSpacerItem, QSplitter,
    QTableView, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget)

class Ui_RequestsPage(object):
    def setupUi(self, RequestsPage):
        if not RequestsPage.objectName():
            RequestsPage.setObjectName(u"RequestsPage")
        self.pageLayout = QVBoxLayout(RequestsPage)
        self.pageLayout.setObjectName(u"pageLayout")
        self.header = QHBoxLayout()
        self.header.setObjectName(u"header")
        self.titleLabel = QLabel(RequestsPage)
        self.titleLabel.setObjectName(u"titleLabel")

        self.header.addWidget(self.titleLabel)

        self.headerSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.header.addItem(self.headerSpacer)

        self.countLabel = QLabel(RequestsPage)
        self.countLabel.setObjectName(u"countLabel")

        self.header.addWidget(self.countLabel)


        self.pageLayout.addLayout(self.header)

        self.filters = QHBoxLayout()
        self.filters.setObjectName(u"filters")
        self.l_kind = QLabel(RequestsPage)
        self.l_kind.setObjectName(u"l_kind")

        self.filters.addWidget(self.l_kind)

        self.kindFilter = QComboBox(RequestsPage)
        self.kindFilter.setObjectName(u"kindFilter")
        self.kindFilter.setMinimumSize(QSize(180, 0))

        self.filters.addWidget(self.kindFilter)

        self.l_family = QLabel(RequestsPage)
        self.l_family.setObjectName(u"l_family")

        self.filters.addWidget(self.l_family)

        self.familyFilter = QComboBox(RequestsPage)
        self.familyFilter.setObjectName(u"familyFilter")
        self.familyFilter.setMinimumSize(QSize(200, 0))

        self.filters.addWidget(self.familyFilter)

        self.l_child = QLabel(RequestsPage)
        self.l_child.setObjectName(u"l_child")

        self.filters.addWidget(self.l_child)

        self.childFilter = QComboBox(RequestsPage)
        self.childFilter.setObjectName(u"childFilter")
        self.childFilter.setMinimumSize(QSize(160, 0))

        self.filters.addWidget(self.childFilter)

        self.filtersSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.filters.addItem(self.filtersSpacer)


        self.pageLayout.addLayout(self.filters)

        self.splitter = QSplitter(RequestsPage)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.requestTable = QTableView(self.splitter)
        self.requestTable.setObjectName(u"requestTable")
        self.requestTable.setAlternatingRowColors(True)
        self.requestTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.requestTable.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.requestTable.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.splitter.addWidget(self.requestTable)
        self.detailScroll = QScrollArea(self.splitter)
        self.detailScroll.setObjectName(u"detailScroll")
        self.detailScroll.setWidgetResizable(True)
        self.detailScroll.setFrameShape(QFrame.NoFrame)
        self.detailPanel = QWidget()
        self.detailPanel.setObjectName(u"detailPanel")
        self.detailLayout = QVBoxLayout(self.detailPanel)
        self.detailLayout.setObjectName(u"detailLayout")
        self.detailTitle = QLabel(self.detailPanel)
        self.detailTitle.setObjectName(u"detailTitle")
        self.detailTitle.setWordWrap(True)

        self.detailLayout.addWidget(self.detailTitle)

        self.detailInfo = QLabel(self.detailPanel)
        self.detailInfo.setObjectName(u"detailInfo")
        self.detailInfo.setWordWrap(True)
        self.detailInfo.setTextFormat(Qt.PlainText)

        self.detailLayout.addWidget(self.detailInfo)

        self.changeTable = QTableWidget(self.detailPanel)
        self.changeTable.setObjectName(u"changeTable")
        self.changeTable.setAlternatingRowColors(True)
        self.changeTable.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.changeTable.setWordWrap(True)

        self.detailLayout.addWidget(self.changeTable)

        self.contextLabel = QLabel(self.detailPanel)
        self.contextLabel.setObjectName(u"contextLabel")
        self.contextLabel.setWordWrap(True)
        self.contextLabel.setTextFormat(Qt.RichText)

        self.detailLayout.addWidget(self.contextLabel)

        self.detailError = QLabel(self.detailPanel)
        self.detailError.setObjectName(u"detailError")
        self.detailError.setVisible(False)
        self.detailError.setWordWrap(True)

        self.detailLayout.addWidget(self.detailError)

        self.decisionButtons = QHBoxLayout()
        self.decisionButtons.setObjectName(u"decisionButtons")
        self.acceptButton = QPushButton(self.detailPanel)
        self.acceptButton.setObjectName(u"acceptButton")

        self.decisionButtons.addWidget(self.acceptButton)

        self.refuseButton = QPushButton(self.detailPanel)
        self.refuseButton.setObjectName(u"refuseButton")

        self.decisionButtons.addWidget(self.refuseButton)

        self.decisionSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.decisionButtons.addItem(self.decisionSpacer)

        self.statusLabel = QLabel(self.detailPanel)
        self.statusLabel.setObjectName(u"statusLabel")
        self.statusLabel.setWordWrap(True)

        self.decisionButtons.addWidget(self.statusLabel)


        self.detailLayout.addLayout(self.decisionButtons)

        self.detailScroll.setWidget(self.detailPanel)
        self.splitter.addWidget(self.detailScroll)

        self.pageLayout.addWidget(self.splitter)

#if QT_CONFIG(shortcut)
        self.l_kind.setBuddy(self.kindFilter)
        self.l_family.setBuddy(self.familyFilter)
        self.l_child.setBuddy(self.childFilter)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(RequestsPage)

        QMetaObject.connectSlotsByName(RequestsPage)
    # setupUi

    def retranslateUi(self, RequestsPage):
        RequestsPage.setWindowTitle(QCoreApplication.translate("RequestsPage", u"Demandes", None))
        self.titleLabel.setText(QCoreApplication.translate("RequestsPage", u"Demandes en attente", None))
        self.titleLabel.setStyleSheet(QCoreApplication.translate("RequestsPage", u"font-size: 16pt; font-weight: bold;", None))
        self.l_kind.setText(QCoreApplication.translate("RequestsPage", u"Type\u202f:", None))
        self.l_family.setText(QCoreApplication.translate("RequestsPage", u"Famille\u202f:", None))
        self.l_child.setText(QCoreApplication.translate("RequestsPage", u"Enfant\u202f:", None))
#if QT_CONFIG(accessibility)
        self.requestTable.setAccessibleName(QCoreApplication.translate("RequestsPage", u"Demandes en attente", None))
#endif // QT_CONFIG(accessibility)
        self.detailTitle.setStyleSheet(QCoreApplication.translate("RequestsPage", u"font-size: 12pt; font-weight: bold;", None))
#if QT_CONFIG(accessibility)
        self.changeTable.setAccessibleName(QCoreApplication.translate("RequestsPage", u"Valeurs actuelles et demand\u00e9es", None))
#endif // QT_CONFIG(accessibility)
        self.detailError.setStyleSheet(QCoreApplication.translate("RequestsPage", u"color: #b00020;", None))
        self.acceptButton.setText(QCoreApplication.translate("RequestsPage", u"Accepter", None))
        self.refuseButton.setText(QCoreApplication.translate("RequestsPage", u"Refuser\u2026", None))
    # retranslateUi

