# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'family_editor.ui'
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
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel,
    QListWidget, QListWidgetItem, QPushButton, QScrollArea,
    QSizePolicy, QStackedWidget, QTabWidget, QVBoxLayout,
    QWidget)

class Ui_FamilyEditor(object):
    def setupUi(self, FamilyEditor):
        if not FamilyEditor.objectName():
            FamilyEditor.setObjectName(u"FamilyEditor")
        self.editorLayout = QVBoxLayout(FamilyEditor)
        self.editorLayout.setObjectName(u"editorLayout")
        self.headerLayout = QHBoxLayout()
        self.headerLayout.setObjectName(u"headerLayout")
        self.titleLabel = QLabel(FamilyEditor)
        self.titleLabel.setObjectName(u"titleLabel")

        self.headerLayout.addWidget(self.titleLabel)

        self.familyNumberLabel = QLabel(FamilyEditor)
        self.familyNumberLabel.setObjectName(u"familyNumberLabel")
        self.familyNumberLabel.setAlignment(Qt.AlignRight|Qt.AlignVCenter)

        self.headerLayout.addWidget(self.familyNumberLabel)


        self.editorLayout.addLayout(self.headerLayout)

        self.conflictBanner = QFrame(FamilyEditor)
        self.conflictBanner.setObjectName(u"conflictBanner")
        self.conflictBanner.setVisible(False)
        self.conflictBannerLayout = QHBoxLayout(self.conflictBanner)
        self.conflictBannerLayout.setObjectName(u"conflictBannerLayout")
        self.conflictLabel = QLabel(self.conflictBanner)
        self.conflictLabel.setObjectName(u"conflictLabel")
        self.conflictLabel.setWordWrap(True)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.conflictLabel.sizePolicy().hasHeightForWidth())
        self.conflictLabel.setSizePolicy(sizePolicy)

        self.conflictBannerLayout.addWidget(self.conflictLabel)

        self.reloadButton = QPushButton(self.conflictBanner)
        self.reloadButton.setObjectName(u"reloadButton")

        self.conflictBannerLayout.addWidget(self.reloadButton)


        self.editorLayout.addWidget(self.conflictBanner)

        self.errorSummary = QFrame(FamilyEditor)
        self.errorSummary.setObjectName(u"errorSummary")
        self.errorSummary.setVisible(False)
        self.errorSummaryLayout = QHBoxLayout(self.errorSummary)
        self.errorSummaryLayout.setObjectName(u"errorSummaryLayout")
        self.errorSummaryLabel = QLabel(self.errorSummary)
        self.errorSummaryLabel.setObjectName(u"errorSummaryLabel")
        self.errorSummaryLabel.setWordWrap(True)
        sizePolicy.setHeightForWidth(self.errorSummaryLabel.sizePolicy().hasHeightForWidth())
        self.errorSummaryLabel.setSizePolicy(sizePolicy)

        self.errorSummaryLayout.addWidget(self.errorSummaryLabel)


        self.editorLayout.addWidget(self.errorSummary)

        self.tabs = QTabWidget(FamilyEditor)
        self.tabs.setObjectName(u"tabs")
        self.primaryScroll = QScrollArea()
        self.primaryScroll.setObjectName(u"primaryScroll")
        self.primaryScroll.setWidgetResizable(True)
        self.primaryHost = QWidget()
        self.primaryHost.setObjectName(u"primaryHost")
        self.primaryScroll.setWidget(self.primaryHost)
        self.tabs.addTab(self.primaryScroll, "")
        self.partnerScroll = QScrollArea()
        self.partnerScroll.setObjectName(u"partnerScroll")
        self.partnerScroll.setWidgetResizable(True)
        self.partnerHost = QWidget()
        self.partnerHost.setObjectName(u"partnerHost")
        self.partnerScroll.setWidget(self.partnerHost)
        self.tabs.addTab(self.partnerScroll, "")
        self.taxScroll = QScrollArea()
        self.taxScroll.setObjectName(u"taxScroll")
        self.taxScroll.setWidgetResizable(True)
        self.taxHost = QWidget()
        self.taxHost.setObjectName(u"taxHost")
        self.taxScroll.setWidget(self.taxHost)
        self.tabs.addTab(self.taxScroll, "")
        self.cafScroll = QScrollArea()
        self.cafScroll.setObjectName(u"cafScroll")
        self.cafScroll.setWidgetResizable(True)
        self.cafHost = QWidget()
        self.cafHost.setObjectName(u"cafHost")
        self.cafScroll.setWidget(self.cafHost)
        self.tabs.addTab(self.cafScroll, "")
        self.bankScroll = QScrollArea()
        self.bankScroll.setObjectName(u"bankScroll")
        self.bankScroll.setWidgetResizable(True)
        self.bankHost = QWidget()
        self.bankHost.setObjectName(u"bankHost")
        self.bankScroll.setWidget(self.bankHost)
        self.tabs.addTab(self.bankScroll, "")
        self.childrenTab = QWidget()
        self.childrenTab.setObjectName(u"childrenTab")
        self.childrenLayout = QHBoxLayout(self.childrenTab)
        self.childrenLayout.setObjectName(u"childrenLayout")
        self.childListLayout = QVBoxLayout()
        self.childListLayout.setObjectName(u"childListLayout")
        self.childList = QListWidget(self.childrenTab)
        self.childList.setObjectName(u"childList")
        self.childList.setMaximumSize(QSize(220, 16777215))

        self.childListLayout.addWidget(self.childList)

        self.addChildButton = QPushButton(self.childrenTab)
        self.addChildButton.setObjectName(u"addChildButton")

        self.childListLayout.addWidget(self.addChildButton)


        self.childrenLayout.addLayout(self.childListLayout)

        self.childStack = QStackedWidget(self.childrenTab)
        self.childStack.setObjectName(u"childStack")
        self.noChildPage = QWidget()
        self.noChildPage.setObjectName(u"noChildPage")
        self.noChildLayout = QVBoxLayout(self.noChildPage)
        self.noChildLayout.setObjectName(u"noChildLayout")
        self.noChildLabel = QLabel(self.noChildPage)
        self.noChildLabel.setObjectName(u"noChildLabel")
        self.noChildLabel.setAlignment(Qt.AlignCenter)

        self.noChildLayout.addWidget(self.noChildLabel)

        self.childStack.addWidget(self.noChildPage)

        self.childrenLayout.addWidget(self.childStack)

        self.tabs.addTab(self.childrenTab, "")

        self.editorLayout.addWidget(self.tabs)

        self.buttonsLayout = QHBoxLayout()
        self.buttonsLayout.setObjectName(u"buttonsLayout")
        self.statusLabel = QLabel(FamilyEditor)
        self.statusLabel.setObjectName(u"statusLabel")
        sizePolicy.setHeightForWidth(self.statusLabel.sizePolicy().hasHeightForWidth())
        self.statusLabel.setSizePolicy(sizePolicy)

        self.buttonsLayout.addWidget(self.statusLabel)

        self.revertButton = QPushButton(FamilyEditor)
        self.revertButton.setObjectName(u"revertButton")

        self.buttonsLayout.addWidget(self.revertButton)

        self.saveButton = QPushButton(FamilyEditor)
        self.saveButton.setObjectName(u"saveButton")

        self.buttonsLayout.addWidget(self.saveButton)


        self.editorLayout.addLayout(self.buttonsLayout)


        self.retranslateUi(FamilyEditor)

        self.saveButton.setDefault(True)


        QMetaObject.connectSlotsByName(FamilyEditor)
    # setupUi

    def retranslateUi(self, FamilyEditor):
        FamilyEditor.setWindowTitle(QCoreApplication.translate("FamilyEditor", u"Fiche famille", None))
        self.titleLabel.setStyleSheet(QCoreApplication.translate("FamilyEditor", u"font-size: 15pt; font-weight: bold;", None))
        self.conflictBanner.setStyleSheet(QCoreApplication.translate("FamilyEditor", u"QFrame#conflictBanner { background: #fff3c4; border-radius: 4px; }", None))
        self.reloadButton.setText(QCoreApplication.translate("FamilyEditor", u"Recharger", None))
        self.errorSummary.setStyleSheet(QCoreApplication.translate("FamilyEditor", u"QFrame#errorSummary { background: #fde7e9; border-radius: 4px; }", None))
        self.tabs.setTabText(self.tabs.indexOf(self.primaryScroll), QCoreApplication.translate("FamilyEditor", u"Responsable", None))
        self.tabs.setTabText(self.tabs.indexOf(self.partnerScroll), QCoreApplication.translate("FamilyEditor", u"Conjoint", None))
        self.tabs.setTabText(self.tabs.indexOf(self.taxScroll), QCoreApplication.translate("FamilyEditor", u"Informations fiscales", None))
        self.tabs.setTabText(self.tabs.indexOf(self.cafScroll), QCoreApplication.translate("FamilyEditor", u"CAF", None))
        self.tabs.setTabText(self.tabs.indexOf(self.bankScroll), QCoreApplication.translate("FamilyEditor", u"Coordonn\u00e9es bancaires", None))
        self.addChildButton.setText(QCoreApplication.translate("FamilyEditor", u"Ajouter un enfant", None))
        self.noChildLabel.setText(QCoreApplication.translate("FamilyEditor", u"Aucun enfant. Cliquez sur \u00ab Ajouter un enfant \u00bb.", None))
        self.tabs.setTabText(self.tabs.indexOf(self.childrenTab), QCoreApplication.translate("FamilyEditor", u"Enfants", None))
        self.revertButton.setText(QCoreApplication.translate("FamilyEditor", u"Annuler les modifications", None))
        self.saveButton.setText(QCoreApplication.translate("FamilyEditor", u"Enregistrer", None))
    # retranslateUi

