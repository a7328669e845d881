# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'dashboard_page.ui'
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
from PySide6.QtWidgets import (QApplication, QGridLayout, QHBoxLayout, QLabel,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

class Ui_DashboardPage(object):
    def setupUi(self, DashboardPage):
        if not DashboardPage.objectName():
            DashboardPage.setObjectName(u"DashboardPage")
        self.pageLayout = QVBoxLayout(DashboardPage)
        self.pageLayout.setObjectName(u"pageLayout")
        self.header = QHBoxLayout()
        self.header.setObjectName(u"header")
        self.titleLabel = QLabel(DashboardPage)
        self.titleLabel.setObjectName(u"titleLabel")

        self.header.addWidget(self.titleLabel)

        self.headerSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.header.addItem(self.headerSpacer)

        self.dayLabel = QLabel(DashboardPage)
        self.dayLabel.setObjectName(u"dayLabel")

        self.header.addWidget(self.dayLabel)


        self.pageLayout.addLayout(self.header)

        self.welcomeLabel = QLabel(DashboardPage)
        self.welcomeLabel.setObjectName(u"welcomeLabel")
        self.welcomeLabel.setWordWrap(True)

        self.pageLayout.addWidget(self.welcomeLabel)

        self.tileArea = QWidget(DashboardPage)
        self.tileArea.setObjectName(u"tileArea")
        self.tileGrid = QGridLayout(self.tileArea)
        self.tileGrid.setObjectName(u"tileGrid")
        self.tileGrid.setHorizontalSpacing(12)
        self.tileGrid.setVerticalSpacing(12)
        self.tileGrid.setContentsMargins(0, 0, 0, 0)

        self.pageLayout.addWidget(self.tileArea)

        self.expectedTitle = QLabel(DashboardPage)
        self.expectedTitle.setObjectName(u"expectedTitle")

        self.pageLayout.addWidget(self.expectedTitle)

        self.expectedArea = QWidget(DashboardPage)
        self.expectedArea.setObjectName(u"expectedArea")
        self.expectedGrid = QGridLayout(self.expectedArea)
        self.expectedGrid.setObjectName(u"expectedGrid")
        self.expectedGrid.setHorizontalSpacing(12)
        self.expectedGrid.setVerticalSpacing(12)
        self.expectedGrid.setContentsMargins(0, 0, 0, 0)

        self.pageLayout.addWidget(self.expectedArea)

        self.statusLabel = QLabel(DashboardPage)
        self.statusLabel.setObjectName(u"statusLabel")
        self.statusLabel.setWordWrap(True)

        self.pageLayout.addWidget(self.statusLabel)

        self.bottomSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.pageLayout.addItem(self.bottomSpacer)


        self.retranslateUi(DashboardPage)

        QMetaObject.connectSlotsByName(DashboardPage)
    # setupUi

    def retranslateUi(self, DashboardPage):
        DashboardPage.setWindowTitle(QCoreApplication.translate("DashboardPage", u"Accueil", None))
        self.titleLabel.setText(QCoreApplication.translate("DashboardPage", u"Accueil", None))
        self.titleLabel.setStyleSheet(QCoreApplication.translate("DashboardPage", u"font-size: 16pt; font-weight: bold;", None))
        self.expectedTitle.setText(QCoreApplication.translate("DashboardPage", u"Enfants attendus aujourd'hui", None))
        self.expectedTitle.setStyleSheet(QCoreApplication.translate("DashboardPage", u"font-size: 13pt; font-weight: bold;", None))
    # retranslateUi

