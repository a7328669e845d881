# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'staff_user_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QFormLayout, QLabel,
    QLineEdit, QSizePolicy, QVBoxLayout, QWidget)

class Ui_StaffUserDialog(object):
    def setupUi(self, StaffUserDialog):
        if not StaffUserDialog.objectName():
            StaffUserDialog.setObjectName(u"StaffUserDialog")
        StaffUserDialog.setMinimumSize(QSize(440, 0))
        self.outer = QVBoxLayout(StaffUserDialog)
        self.outer.setObjectName(u"outer")
        self.introLabel = QLabel(StaffUserDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.outer.addWidget(self.introLabel)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(6)
        self.l_full_name = QLabel(StaffUserDialog)
        self.l_full_name.setObjectName(u"l_full_name")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.l_full_name)

        self.v_full_name = QVBoxLayout()
        self.v_full_name.setSpacing(1)
        self.v_full_name.setObjectName(u"v_full_name")
        self.f_full_name = QLineEdit(StaffUserDialog)
        self.f_full_name.setObjectName(u"f_full_name")

        self.v_full_name.addWidget(self.f_full_name)

        self.e_full_name = QLabel(StaffUserDialog)
        self.e_full_name.setObjectName(u"e_full_name")
        self.e_full_name.setVisible(False)
        self.e_full_name.setWordWrap(True)

        self.v_full_name.addWidget(self.e_full_name)


        self.form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.v_full_name)

        self.l_username = QLabel(StaffUserDialog)
        self.l_username.setObjectName(u"l_username")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.l_username)

        self.v_username = QVBoxLayout()
        self.v_username.setSpacing(1)
        self.v_username.setObjectName(u"v_username")
        self.f_username = QLineEdit(StaffUserDialog)
        self.f_username.setObjectName(u"f_username")

        self.v_username.addWidget(self.f_username)

        self.e_username = QLabel(StaffUserDialog)
        self.e_username.setObjectName(u"e_username")
        self.e_username.setVisible(False)
        self.e_username.setWordWrap(True)

        self.v_username.addWidget(self.e_username)


        self.form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.v_username)

        self.l_role = QLabel(StaffUserDialog)
        self.l_role.setObjectName(u"l_role")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.l_role)

        self.v_role = QVBoxLayout()
        self.v_role.setSpacing(1)
        self.v_role.setObjectName(u"v_role")
        self.f_role = QComboBox(StaffUserDialog)
        self.f_role.setObjectName(u"f_role")

        self.v_role.addWidget(self.f_role)

        self.e_role = QLabel(StaffUserDialog)
        self.e_role.setObjectName(u"e_role")
        self.e_role.setVisible(False)
        self.e_role.setWordWrap(True)

        self.v_role.addWidget(self.e_role)


        self.form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.v_role)

        self.l_active = QLabel(StaffUserDialog)
        self.l_active.setObjectName(u"l_active")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.l_active)

        self.v_active = QVBoxLayout()
        self.v_active.setSpacing(1)
        self.v_active.setObjectName(u"v_active")
        self.f_active = QCheckBox(StaffUserDialog)
        self.f_active.setObjectName(u"f_active")

        self.v_active.addWidget(self.f_active)

        self.e_active = QLabel(StaffUserDialog)
        self.e_active.setObjectName(u"e_active")
        self.e_active.setVisible(False)
        self.e_active.setWordWrap(True)

        self.v_active.addWidget(self.e_active)


        self.form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.v_active)

        self.l_current = QLabel(StaffUserDialog)
        self.l_current.setObjectName(u"l_current")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.l_current)

        self.v_current = QVBoxLayout()
        self.v_current.setSpacing(1)
        self.v_current.setObjectName(u"v_current")
        self.f_current = QLineEdit(StaffUserDialog)
        self.f_current.setObjectName(u"f_current")
        self.f_current.setEchoMode(QLineEdit.Password)

        self.v_current.addWidget(self.f_current)

        self.e_current = QLabel(StaffUserDialog)
        self.e_current.setObjectName(u"e_current")
        self.e_current.setVisible(False)
        self.e_current.setWordWrap(True)

        self.v_current.addWidget(self.e_current)


        self.form.setLayout(4, QFormLayout.ItemRole.FieldRole, self.v_current)

        self.l_password = QLabel(StaffUserDialog)
        self.l_password.setObjectName(u"l_password")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.l_password)

        self.v_password = QVBoxLayout()
        self.v_password.setSpacing(1)
        self.v_password.setObjectName(u"v_password")
        self.f_password = QLineEdit(StaffUserDialog)
        self.f_password.setObjectName(u"f_password")
        self.f_password.setEchoMode(QLineEdit.Password)

        self.v_password.addWidget(self.f_password)

        self.e_password = QLabel(StaffUserDialog)
        self.e_password.setObjectName(u"e_password")
        self.e_password.setVisible(False)
        self.e_password.setWordWrap(True)

        self.v_password.addWidget(self.e_password)


        self.form.setLayout(5, QFormLayout.ItemRole.FieldRole, self.v_password)

        self.l_confirm = QLabel(StaffUserDialog)
        self.l_confirm.setObjectName(u"l_confirm")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.l_confirm)

        self.v_confirm = QVBoxLayout()
        self.v_confirm.setSpacing(1)
        self.v_confirm.setObjectName(u"v_confirm")
        self.f_confirm = QLineEdit(StaffUserDialog)
        self.f_confirm.setObjectName(u"f_confirm")
        self.f_confirm.setEchoMode(QLineEdit.Password)

        self.v_confirm.addWidget(self.f_confirm)

        self.e_confirm = QLabel(StaffUserDialog)
        self.e_confirm.setObjectName(u"e_confirm")
        self.e_confirm.setVisible(False)
        self.e_confirm.setWordWrap(True)

        self.v_confirm.addWidget(self.e_confirm)


        self.form.setLayout(6, QFormLayout.ItemRole.FieldRole, self.v_confirm)


        self.outer.addLayout(self.form)

        self.ruleLabel = QLabel(StaffUserDialog)
        self.ruleLabel.setObjectName(u"ruleLabel")
        self.ruleLabel.setWordWrap(True)

        self.outer.addWidget(self.ruleLabel)

        self.errorLabel = QLabel(StaffUserDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setVisible(False)
        self.errorLabel.setWordWrap(True)

        self.outer.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(StaffUserDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.outer.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.l_full_name.setBuddy(self.f_full_name)
        self.l_username.setBuddy(self.f_username)
        self.l_role.setBuddy(self.f_role)
        self.l_active.setBuddy(self.f_active)
        self.l_current.setBuddy(self.f_current)
        self.l_password.setBuddy(self.f_password)
        self.l_confirm.setBuddy(self.f_confirm)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(StaffUserDialog)

        QMetaObject.connectSlotsByName(StaffUserDialog)
    # setupUi

    def retranslateUi(self, StaffUserDialog):
        StaffUserDialog.setWindowTitle(QCoreApplication.translate("StaffUserDialog", u"Compte du personnel", None))
        self.introLabel.setText("")
        self.l_full_name.setText(QCoreApplication.translate("StaffUserDialog", u"Nom et pr\u00e9nom\u202f:", None))
        self.e_full_name.setStyleSheet(QCoreApplication.translate("StaffUserDialog", u"color: #b00020;", None))
        self.l_username.setText(QCoreApplication.translate("StaffUserDialog", u"Identifiant\u202f:", None))
        self.e_username.setStyleSheet(QCoreApplication.translate("StaffUserDialog", u"color: #b00020;", None))
        self.l_role.setText(QCoreApplication.translate("StaffUserDialog", u"Profil\u202f:", None))
        self.e_role.setStyleSheet(QCoreApplication.translate("StaffUserDialog", u"color: #b00020;", None))
        self.l_active.setText(QCoreApplication.translate("StaffUserDialog", u"Compte actif\u202f:", None))
        self.e_active.setStyleSheet(QCoreApplication.translate("StaffUserDialog", u"color: #b00020;", None))
        self.l_current.setText(QCoreApplication.translate("StaffUserDialog", u"Mot de passe actuel\u202f:", None))
        self.e_current.setStyleSheet(QCoreApplication.translate("StaffUserDialog", u"color: #b00020;", None))
        self.l_password.setText(QCoreApplication.translate("StaffUserDialog", u"Mot de passe\u202f:", None))
        self.e_password.setStyleSheet(QCoreApplication.translate("StaffUserDialog", u"color: #b00020;", None))
        self.l_confirm.setText(QCoreApplication.translate("StaffUserDialog", u"Confirmation\u202f:", None))
        self.e_confirm.setStyleSheet(QCoreApplication.translate("StaffUserDialog", u"color: #b00020;", None))
        self.ruleLabel.setStyleSheet(QCoreApplication.translate("StaffUserDialog", u"color: #555;", None))
        self.ruleLabel.setText("")
        self.errorLabel.setStyleSheet(QCoreApplication.translate("StaffUserDialog", u"color: #b00020;", None))
    # retranslateUi

