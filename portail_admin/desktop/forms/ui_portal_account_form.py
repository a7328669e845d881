# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'portal_account_form.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QHBoxLayout, QLabel,
    QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_PortalAccountForm(object):
    def setupUi(self, PortalAccountForm):
        if not PortalAccountForm.objectName():
            PortalAccountForm.setObjectName(u"PortalAccountForm")
        self.outer = QVBoxLayout(PortalAccountForm)
        self.outer.setObjectName(u"outer")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(6)
        self.l_state = QLabel(PortalAccountForm)
        self.l_state.setObjectName(u"l_state")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.l_state)

        self.stateValue = QLabel(PortalAccountForm)
        self.stateValue.setObjectName(u"stateValue")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.stateValue)

        self.l_login = QLabel(PortalAccountForm)
        self.l_login.setObjectName(u"l_login")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.l_login)

        self.loginValue = QLabel(PortalAccountForm)
        self.loginValue.setObjectName(u"loginValue")
        self.loginValue.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.loginValue)

        self.l_last_login = QLabel(PortalAccountForm)
        self.l_last_login.setObjectName(u"l_last_login")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.l_last_login)

        self.lastLoginValue = QLabel(PortalAccountForm)
        self.lastLoginValue.setObjectName(u"lastLoginValue")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.lastLoginValue)


        self.outer.addLayout(self.form)

        self.buttons = QHBoxLayout()
        self.buttons.setObjectName(u"buttons")
        self.createButton = QPushButton(PortalAccountForm)
        self.createButton.setObjectName(u"createButton")

        self.buttons.addWidget(self.createButton)

        self.resetButton = QPushButton(PortalAccountForm)
        self.resetButton.setObjectName(u"resetButton")

        self.buttons.addWidget(self.resetButton)

        self.lockButton = QPushButton(PortalAccountForm)
        self.lockButton.setObjectName(u"lockButton")

        self.buttons.addWidget(self.lockButton)

        self.unlockButton = QPushButton(PortalAccountForm)
        self.unlockButton.setObjectName(u"unlockButton")

        self.buttons.addWidget(self.unlockButton)

        self.buttonsSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttons.addItem(self.buttonsSpacer)


        self.outer.addLayout(self.buttons)

        self.statusLabel = QLabel(PortalAccountForm)
        self.statusLabel.setObjectName(u"statusLabel")
        self.statusLabel.setWordWrap(True)

        self.outer.addWidget(self.statusLabel)

        self.bottomSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outer.addItem(self.bottomSpacer)


        self.retranslateUi(PortalAccountForm)

        QMetaObject.connectSlotsByName(PortalAccountForm)
    # setupUi

    def retranslateUi(self, PortalAccountForm):
        PortalAccountForm.setWindowTitle(QCoreApplication.translate("PortalAccountForm", u"Compte portail", None))
        self.l_state.setText(QCoreApplication.translate("PortalAccountForm", u"Acc\u00e8s au portail\u202f:", None))
        self.stateValue.setStyleSheet(QCoreApplication.translate("PortalAccountForm", u"font-weight: bold;", None))
        self.l_login.setText(QCoreApplication.translate("PortalAccountForm", u"Identifiant\u202f:", None))
        self.l_last_login.setText(QCoreApplication.translate("PortalAccountForm", u"Derni\u00e8re connexion\u202f:", None))
        self.createButton.setText(QCoreApplication.translate("PortalAccountForm", u"Cr\u00e9er l'acc\u00e8s au portail\u2026", None))
        self.resetButton.setText(QCoreApplication.translate("PortalAccountForm", u"Nouveau mot de passe provisoire\u2026", None))
        self.lockButton.setText(QCoreApplication.translate("PortalAccountForm", u"Bloquer l'acc\u00e8s", None))
        self.unlockButton.setText(QCoreApplication.translate("PortalAccountForm", u"D\u00e9bloquer l'acc\u00e8s", None))
    # retranslateUi

