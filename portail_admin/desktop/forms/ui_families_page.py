# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'families_page.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QSpacerItem, QSplitter, QStackedWidget, QTableView,
    QVBoxLayout, QWidget)

class Ui_FamiliesPage(object):
    def setupUi(self, FamiliesPage):
        if not FamiliesPage.objectName():
            FamiliesPage.setObjectName(u"FamiliesPage")
        self.pageLayout = QHBoxLayout(FamiliesPage)
        self.pageLayout.setObjectName(u"pageLayout")
        self.splitter = QSplitter(FamiliesPage)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.listPanel = QWidget(self.splitter)
        self.listPanel.setObjectName(u"listPanel")
        self.listLayout = QVBoxLayout(self.listPanel)
        self.listLayout.setObjectName(u"listLayout")
        self.listLayout.setContentsMargins(0, 0, 0, 0)
        self.listTitle = QLabel(self.listPanel)
        self.listTitle.setObjectName(u"listTitle")

        self.listLayout.addWidget(self.listTitle)

        self.searchEdit = QLineEdit(self.listPanel)
        self.searchEdit.setObjectName(u"searchEdit")
        self.searchEdit.setClearButtonEnabled(True)

        self.listLayout.addWidget(self.searchEdit)

        self.familyTable = QTableView(self.listPanel)
        self.familyTable.setObjectName(u"familyTable")
        self.familyTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.familyTable.setSelectionMode(QAbstractItemView.SingleSelection)
        self.familyTable.setAlternatingRowColors(True)
        self.familyTable.setEditTriggers(QAbstractItemView.NoEditTriggers)

        self.listLayout.addWidget(self.familyTable)

        self.listFooter = QHBoxLayout()
        self.listFooter.setObjectName(u"listFooter")
        self.resultCountLabel = QLabel(self.listPanel)
        self.resultCountLabel.setObjectName(u"resultCountLabel")

        self.listFooter.addWidget(self.resultCountLabel)

        self.footerSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.listFooter.addItem(self.footerSpacer)

        self.newFamilyButton = QPushButton(self.listPanel)
        self.newFamilyButton.setObjectName(u"newFamilyButton")

        self.listFooter.addWidget(self.newFamilyButton)


        self.listLayout.addLayout(self.listFooter)

        self.splitter.addWidget(self.listPanel)
        self.editorStack = QStackedWidget(self.splitter)
        self.editorStack.setObjectName(u"editorStack")
        self.emptyPage = QWidget()
        self.emptyPage.setObjectName(u"emptyPage")
        self.emptyLayout = QVBoxLayout(self.emptyPage)
        self.emptyLayout.setObjectName(u"emptyLayout")
        self.emptyLabel = QLabel(self.emptyPage)
        self.emptyLabel.setObjectName(u"emptyLabel")
        self.emptyLabel.setAlignment(Qt.AlignCenter)
        self.emptyLabel.setWordWrap(True)

        self.emptyLayout.addWidget(self.emptyLabel)

        self.editorStack.addWidget(self.emptyPage)
        self.editorPage = QWidget()
        self.editorPage.setObjectName(u"editorPage")
        self.editorLayout = QVBoxLayout(self.editorPage)
        self.editorLayout.setObjectName(u"editorLayout")
        self.editorLayout.setContentsMargins(0, 0, 0, 0)
        self.editorStack.addWidget(self.editorPage)
        self.splitter.addWidget(self.editorStack)

        self.pageLayout.addWidget(self.splitter)


        self.retranslateUi(FamiliesPage)

        QMetaObject.connectSlotsByName(FamiliesPage)
    # setupUi

    def retranslateUi(self, FamiliesPage):
        FamiliesPage.setWindowTitle(QCoreApplication.translate("FamiliesPage", u"Familles", None))
        self.listTitle.setText(QCoreApplication.translate("FamiliesPage", u"Familles", None))
        self.listTitle.setStyleSheet(QCoreApplication.translate("FamiliesPage", u"font-size: 16pt; font-weight: bold;", None))
        self.searchEdit.setPlaceholderText(QCoreApplication.translate("FamiliesPage", u"Rechercher\u202f: nom, N\u00b0 famille, pr\u00e9nom d'un enfant\u2026", None))
        self.newFamilyButton.setText(QCoreApplication.translate("FamiliesPage", u"Nouvelle famille", None))
        self.emptyLabel.setText(QCoreApplication.translate("FamiliesPage", u"Choisissez une famille dans la liste, ou cliquez sur \u00ab Nouvelle famille \u00bb.", None))
    # retranslateUi

