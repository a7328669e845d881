# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'login_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFormLayout, QLabel, QLineEdit, QSizePolicy,
    QVBoxLayout, QWidget)

class Ui_LoginDialog(object):
    def setupUi(self, LoginDialog):
        if not LoginDialog.objectName():
            LoginDialog.setObjectName(u"LoginDialog")
        LoginDialog.setMinimumSize(QSize(380, 0))
        self.outer = QVBoxLayout(LoginDialog)
        self.outer.setObjectName(u"outer")
        self.titleLabel = QLabel(LoginDialog)
        self.titleLabel.setObjectName(u"titleLabel")

        self.outer.addWidget(self.titleLabel)

        self.introLabel = QLabel(LoginDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.outer.addWidget(self.introLabel)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(6)
        self.l_username = QLabel(LoginDialog)
        self.l_username.setObjectName(u"l_username")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.l_username)

        self.v_username = QVBoxLayout()
        self.v_username.setSpacing(1)
        self.v_username.setObjectName(u"v_username")
        self.f_username = QLineEdit(LoginDialog)
        self.f_username.setObjectName(u"f_username")

        self.v_username.addWidget(self.f_username)

        self.e_username = QLabel(LoginDialog)
        self.e_username.setObjectName(u"e_username")
        self.e_username.setVisible(False)
        self.e_username.setWordWrap(True)

        self.v_username.addWidget(self.e_username)


        self.form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.v_username)

        self.l_password = QLabel(LoginDialog)
        self.l_password.setObjectName(u"l_password")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.l_password)

        self.v_password = QVBoxLayout()
        self.v_password.setSpacing(1)
        self.v_password.setObjectName(u"v_password")
        self.f_password = QLineEdit(LoginDialog)
        self.f_password.setObjectName(u"f_password")
        self.f_password.setEchoMode(QLineEdit.Password)

        self.v_password.addWidget(self.f_password)

        self.e_password = QLabel(LoginDialog)
        self.e_password.setObjectName(u"e_password")
        self.e_password.setVisible(False)
        self.e_password.setWordWrap(True)

        self.v_password.addWidget(self.e_password)


        self.form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.v_password)


        self.outer.addLayout(self.form)

        self.errorLabel = QLabel(LoginDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setVisible(False)
        self.errorLabel.setWordWrap(True)

        self.outer.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(LoginDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.outer.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.l_username.setBuddy(self.f_username)
        self.l_password.setBuddy(self.f_password)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(LoginDialog)

        QMetaObject.connectSlotsByName(LoginDialog)
    # setupUi

    def retranslateUi(self, LoginDialog):
        LoginDialog.setWindowTitle(QCoreApplication.translate("LoginDialog", u"Portail Famille \u2014 connexion", None))
        self.titleLabel.setText(QCoreApplication.translate("LoginDialog", u"Portail Famille", None))
        self.titleLabel.setStyleSheet(QCoreApplication.translate("LoginDialog", u"font-size: 16pt; font-weight: bold;", None))
        self.introLabel.setText(QCoreApplication.translate("LoginDialog", u"Connectez-vous avec votre identifiant du personnel de la mairie.", None))
        self.l_username.setText(QCoreApplication.translate("LoginDialog", u"Identifiant\u202f:", None))
#if QT_CONFIG(accessibility)
        self.f_username.setAccessibleName(QCoreApplication.translate("LoginDialog", u"Identifiant", None))
#endif // QT_CONFIG(accessibility)
        self.e_username.setStyleSheet(QCoreApplication.translate("LoginDialog", u"color: #b00020;", None))
        self.l_password.setText(QCoreApplication.translate("LoginDialog", u"Mot de passe\u202f:", None))
#if QT_CONFIG(accessibility)
        self.f_password.setAccessibleName(QCoreApplication.translate("LoginDialog", u"Mot de passe", None))
#endif // QT_CONFIG(accessibility)
        self.e_password.setStyleSheet(QCoreApplication.translate("LoginDialog", u"color: #b00020;", None))
        self.errorLabel.setStyleSheet(QCoreApplication.translate("LoginDialog", u"color: #b00020;", None))
    # retranslateUi

