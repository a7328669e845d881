# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'credentials_dialog.ui'
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
from PySide6.QtWidgets import (QApplication, QDialog, QGridLayout, QHBoxLayout,
    QLabel, QPushButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

class Ui_CredentialsDialog(object):
    def setupUi(self, CredentialsDialog):
        if not CredentialsDialog.objectName():
            CredentialsDialog.setObjectName(u"CredentialsDialog")
        CredentialsDialog.setMinimumSize(QSize(520, 0))
        self.outer = QVBoxLayout(CredentialsDialog)
        self.outer.setObjectName(u"outer")
        self.introLabel = QLabel(CredentialsDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.outer.addWidget(self.introLabel)

        self.grid = QGridLayout()
        self.grid.setObjectName(u"grid")
        self.l_login = QLabel(CredentialsDialog)
        self.l_login.setObjectName(u"l_login")

        self.grid.addWidget(self.l_login, 0, 0, 1, 1)

        self.loginValue = QLabel(CredentialsDialog)
        self.loginValue.setObjectName(u"loginValue")
        self.loginValue.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.grid.addWidget(self.loginValue, 0, 1, 1, 1)

        self.l_password = QLabel(CredentialsDialog)
        self.l_password.setObjectName(u"l_password")

        self.grid.addWidget(self.l_password, 1, 0, 1, 1)

        self.passwordValue = QLabel(CredentialsDialog)
        self.passwordValue.setObjectName(u"passwordValue")
        self.passwordValue.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.grid.addWidget(self.passwordValue, 1, 1, 1, 1)


        self.outer.addLayout(self.grid)

        self.warningLabel = QLabel(CredentialsDialog)
        self.warningLabel.setObjectName(u"warningLabel")
        self.warningLabel.setWordWrap(True)

        self.outer.addWidget(self.warningLabel)

        self.statusLabel = QLabel(CredentialsDialog)
        self.statusLabel.setObjectName(u"statusLabel")
        self.statusLabel.setWordWrap(True)

        self.outer.addWidget(self.statusLabel)

        self.buttons = QHBoxLayout()
        self.buttons.setObjectName(u"buttons")
        self.printLetterButton = QPushButton(CredentialsDialog)
        self.printLetterButton.setObjectName(u"printLetterButton")

        self.buttons.addWidget(self.printLetterButton)

        self.saveLetterButton = QPushButton(CredentialsDialog)
        self.saveLetterButton.setObjectName(u"saveLetterButton")

        self.buttons.addWidget(self.saveLetterButton)

        self.buttonsSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttons.addItem(self.buttonsSpacer)

        self.closeButton = QPushButton(CredentialsDialog)
        self.closeButton.setObjectName(u"closeButton")

        self.buttons.addWidget(self.closeButton)


        self.outer.addLayout(self.buttons)


        self.retranslateUi(CredentialsDialog)

        self.printLetterButton.setDefault(True)


        QMetaObject.connectSlotsByName(CredentialsDialog)
    # setupUi

    def retranslateUi(self, CredentialsDialog):
        CredentialsDialog.setWindowTitle(QCoreApplication.translate("CredentialsDialog", u"Identifiants du portail", None))
        self.introLabel.setText("")
        self.l_login.setText(QCoreApplication.translate("CredentialsDialog", u"Identifiant\u202f:", None))
        self.loginValue.setStyleSheet(QCoreApplication.translate("CredentialsDialog", u"font-size: 14pt; font-weight: bold;", None))
        self.l_password.setText(QCoreApplication.translate("CredentialsDialog", u"Mot de passe provisoire\u202f:", None))
        self.passwordValue.setStyleSheet(QCoreApplication.translate("CredentialsDialog", u"font-size: 14pt; font-weight: bold; font-family: monospace;", None))
        self.warningLabel.setStyleSheet(QCoreApplication.translate("CredentialsDialog", u"color: #8a5a00;", None))
        self.warningLabel.setText(QCoreApplication.translate("CredentialsDialog", u"Ce mot de passe n'est affich\u00e9 qu'une seule fois\u202f: imprimez ou enregistrez la lettre maintenant. La famille devra le changer \u00e0 sa premi\u00e8re connexion.", None))
        self.statusLabel.setText("")
        self.printLetterButton.setText(QCoreApplication.translate("CredentialsDialog", u"Imprimer la lettre\u2026", None))
        self.saveLetterButton.setText(QCoreApplication.translate("CredentialsDialog", u"Enregistrer en PDF\u2026", None))
        self.closeButton.setText(QCoreApplication.translate("CredentialsDialog", u"Fermer", None))
    # retranslateUi

