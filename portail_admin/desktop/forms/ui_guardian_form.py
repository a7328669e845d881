# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'guardian_form.ui'
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
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QFormLayout,
    QHBoxLayout, QLabel, QLineEdit, QSizePolicy,
    QVBoxLayout, QWidget)

class Ui_GuardianForm(object):
    def setupUi(self, GuardianForm):
        if not GuardianForm.objectName():
            GuardianForm.setObjectName(u"GuardianForm")
        self.columns = QHBoxLayout(GuardianForm)
        self.columns.setSpacing(24)
        self.columns.setObjectName(u"columns")
        self.leftForm = QFormLayout()
        self.leftForm.setObjectName(u"leftForm")
        self.leftForm.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.leftForm.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.leftForm.setHorizontalSpacing(10)
        self.leftForm.setVerticalSpacing(6)
        self.l_civility = QLabel(GuardianForm)
        self.l_civility.setObjectName(u"l_civility")

        self.leftForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.l_civility)

        self.v_civility = QVBoxLayout()
        self.v_civility.setSpacing(1)
        self.v_civility.setObjectName(u"v_civility")
        self.f_civility = QComboBox(GuardianForm)
        self.f_civility.setObjectName(u"f_civility")
        self.f_civility.setMinimumSize(QSize(160, 0))

        self.v_civility.addWidget(self.f_civility)

        self.e_civility = QLabel(GuardianForm)
        self.e_civility.setObjectName(u"e_civility")
        self.e_civility.setVisible(False)
        self.e_civility.setWordWrap(True)

        self.v_civility.addWidget(self.e_civility)


        self.leftForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.v_civility)

        self.l_last_name = QLabel(GuardianForm)
        self.l_last_name.setObjectName(u"l_last_name")

        self.leftForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.l_last_name)

        self.v_last_name = QVBoxLayout()
        self.v_last_name.setSpacing(1)
        self.v_last_name.setObjectName(u"v_last_name")
        self.f_last_name = QLineEdit(GuardianForm)
        self.f_last_name.setObjectName(u"f_last_name")

        self.v_last_name.addWidget(self.f_last_name)

        self.e_last_name = QLabel(GuardianForm)
        self.e_last_name.setObjectName(u"e_last_name")
        self.e_last_name.setVisible(False)
        self.e_last_name.setWordWrap(True)

        self.v_last_name.addWidget(self.e_last_name)


        self.leftForm.setLayout(1, QFormLayout.ItemRole.FieldRole, self.v_last_name)

        self.l_first_name = QLabel(GuardianForm)
        self.l_first_name.setObjectName(u"l_first_name")

        self.leftForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.l_first_name)

        self.v_first_name = QVBoxLayout()
        self.v_first_name.setSpacing(1)
        self.v_first_name.setObjectName(u"v_first_name")
        self.f_first_name = QLineEdit(GuardianForm)
        self.f_first_name.setObjectName(u"f_first_name")

        self.v_first_name.addWidget(self.f_first_name)

        self.e_first_name = QLabel(GuardianForm)
        self.e_first_name.setObjectName(u"e_first_name")
        self.e_first_name.setVisible(False)
        self.e_first_name.setWordWrap(True)

        self.v_first_name.addWidget(self.e_first_name)


        self.leftForm.setLayout(2, QFormLayout.ItemRole.FieldRole, self.v_first_name)

        self.l_quality = QLabel(GuardianForm)
        self.l_quality.setObjectName(u"l_quality")

        self.leftForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.l_quality)

        self.v_quality = QVBoxLayout()
        self.v_quality.setSpacing(1)
        self.v_quality.setObjectName(u"v_quality")
        self.f_quality = QComboBox(GuardianForm)
        self.f_quality.setObjectName(u"f_quality")
        self.f_quality.setMinimumSize(QSize(160, 0))

        self.v_quality.addWidget(self.f_quality)

        self.e_quality = QLabel(GuardianForm)
        self.e_quality.setObjectName(u"e_quality")
        self.e_quality.setVisible(False)
        self.e_quality.setWordWrap(True)

        self.v_quality.addWidget(self.e_quality)


        self.leftForm.setLayout(3, QFormLayout.ItemRole.FieldRole, self.v_quality)

        self.l_situation = QLabel(GuardianForm)
        self.l_situation.setObjectName(u"l_situation")

        self.leftForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.l_situation)

        self.v_situation = QVBoxLayout()
        self.v_situation.setSpacing(1)
        self.v_situation.setObjectName(u"v_situation")
        self.f_situation = QComboBox(GuardianForm)
        self.f_situation.setObjectName(u"f_situation")
        self.f_situation.setMinimumSize(QSize(160, 0))

        self.v_situation.addWidget(self.f_situation)

        self.e_situation = QLabel(GuardianForm)
        self.e_situation.setObjectName(u"e_situation")
        self.e_situation.setVisible(False)
        self.e_situation.setWordWrap(True)

        self.v_situation.addWidget(self.e_situation)


        self.leftForm.setLayout(4, QFormLayout.ItemRole.FieldRole, self.v_situation)

        self.l_address = QLabel(GuardianForm)
        self.l_address.setObjectName(u"l_address")

        self.leftForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.l_address)

        self.v_address = QVBoxLayout()
        self.v_address.setSpacing(1)
        self.v_address.setObjectName(u"v_address")
        self.f_address = QLineEdit(GuardianForm)
        self.f_address.setObjectName(u"f_address")

        self.v_address.addWidget(self.f_address)

        self.e_address = QLabel(GuardianForm)
        self.e_address.setObjectName(u"e_address")
        self.e_address.setVisible(False)
        self.e_address.setWordWrap(True)

        self.v_address.addWidget(self.e_address)


        self.leftForm.setLayout(5, QFormLayout.ItemRole.FieldRole, self.v_address)

        self.l_postal_code = QLabel(GuardianForm)
        self.l_postal_code.setObjectName(u"l_postal_code")

        self.leftForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.l_postal_code)

        self.v_postal_code = QVBoxLayout()
        self.v_postal_code.setSpacing(1)
        self.v_postal_code.setObjectName(u"v_postal_code")
        self.f_postal_code = QLineEdit(GuardianForm)
        self.f_postal_code.setObjectName(u"f_postal_code")

        self.v_postal_code.addWidget(self.f_postal_code)

        self.e_postal_code = QLabel(GuardianForm)
        self.e_postal_code.setObjectName(u"e_postal_code")
        self.e_postal_code.setVisible(False)
        self.e_postal_code.setWordWrap(True)

        self.v_postal_code.addWidget(self.e_postal_code)


        self.leftForm.setLayout(6, QFormLayout.ItemRole.FieldRole, self.v_postal_code)

        self.l_city = QLabel(GuardianForm)
        self.l_city.setObjectName(u"l_city")

        self.leftForm.setWidget(7, QFormLayout.ItemRole.LabelRole, self.l_city)

        self.v_city = QVBoxLayout()
        self.v_city.setSpacing(1)
        self.v_city.setObjectName(u"v_city")
        self.f_city = QLineEdit(GuardianForm)
        self.f_city.setObjectName(u"f_city")

        self.v_city.addWidget(self.f_city)

        self.e_city = QLabel(GuardianForm)
        self.e_city.setObjectName(u"e_city")
        self.e_city.setVisible(False)
        self.e_city.setWordWrap(True)

        self.v_city.addWidget(self.e_city)


        self.leftForm.setLayout(7, QFormLayout.ItemRole.FieldRole, self.v_city)

        self.l_profession = QLabel(GuardianForm)
        self.l_profession.setObjectName(u"l_profession")

        self.leftForm.setWidget(8, QFormLayout.ItemRole.LabelRole, self.l_profession)

        self.v_profession = QVBoxLayout()
        self.v_profession.setSpacing(1)
        self.v_profession.setObjectName(u"v_profession")
        self.f_profession = QLineEdit(GuardianForm)
        self.f_profession.setObjectName(u"f_profession")

        self.v_profession.addWidget(self.f_profession)

        self.e_profession = QLabel(GuardianForm)
        self.e_profession.setObjectName(u"e_profession")
        self.e_profession.setVisible(False)
        self.e_profession.setWordWrap(True)

        self.v_profession.addWidget(self.e_profession)


        self.leftForm.setLayout(8, QFormLayout.ItemRole.FieldRole, self.v_profession)

        self.l_csp = QLabel(GuardianForm)
        self.l_csp.setObjectName(u"l_csp")

        self.leftForm.setWidget(9, QFormLayout.ItemRole.LabelRole, self.l_csp)

        self.v_csp = QVBoxLayout()
        self.v_csp.setSpacing(1)
        self.v_csp.setObjectName(u"v_csp")
        self.f_csp = QLineEdit(GuardianForm)
        self.f_csp.setObjectName(u"f_csp")

        self.v_csp.addWidget(self.f_csp)

        self.e_csp = QLabel(GuardianForm)
        self.e_csp.setObjectName(u"e_csp")
        self.e_csp.setVisible(False)
        self.e_csp.setWordWrap(True)

        self.v_csp.addWidget(self.e_csp)


        self.leftForm.setLayout(9, QFormLayout.ItemRole.FieldRole, self.v_csp)


        self.columns.addLayout(self.leftForm)

        self.rightForm = QFormLayout()
        self.rightForm.setObjectName(u"rightForm")
        self.rightForm.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.rightForm.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.rightForm.setHorizontalSpacing(10)
        self.rightForm.setVerticalSpacing(6)
        self.l_phone_home = QLabel(GuardianForm)
        self.l_phone_home.setObjectName(u"l_phone_home")

        self.rightForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.l_phone_home)

        self.v_phone_home = QVBoxLayout()
        self.v_phone_home.setSpacing(1)
        self.v_phone_home.setObjectName(u"v_phone_home")
        self.f_phone_home = QLineEdit(GuardianForm)
        self.f_phone_home.setObjectName(u"f_phone_home")

        self.v_phone_home.addWidget(self.f_phone_home)

        self.e_phone_home = QLabel(GuardianForm)
        self.e_phone_home.setObjectName(u"e_phone_home")
        self.e_phone_home.setVisible(False)
        self.e_phone_home.setWordWrap(True)

        self.v_phone_home.addWidget(self.e_phone_home)


        self.rightForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.v_phone_home)

        self.l_phone_work = QLabel(GuardianForm)
        self.l_phone_work.setObjectName(u"l_phone_work")

        self.rightForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.l_phone_work)

        self.v_phone_work = QVBoxLayout()
        self.v_phone_work.setSpacing(1)
        self.v_phone_work.setObjectName(u"v_phone_work")
        self.f_phone_work = QLineEdit(GuardianForm)
        self.f_phone_work.setObjectName(u"f_phone_work")

        self.v_phone_work.addWidget(self.f_phone_work)

        self.e_phone_work = QLabel(GuardianForm)
        self.e_phone_work.setObjectName(u"e_phone_work")
        self.e_phone_work.setVisible(False)
        self.e_phone_work.setWordWrap(True)

        self.v_phone_work.addWidget(self.e_phone_work)


        self.rightForm.setLayout(1, QFormLayout.ItemRole.FieldRole, self.v_phone_work)

        self.l_phone_mobile = QLabel(GuardianForm)
        self.l_phone_mobile.setObjectName(u"l_phone_mobile")

        self.rightForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.l_phone_mobile)

        self.v_phone_mobile = QVBoxLayout()
        self.v_phone_mobile.setSpacing(1)
        self.v_phone_mobile.setObjectName(u"v_phone_mobile")
        self.f_phone_mobile = QLineEdit(GuardianForm)
        self.f_phone_mobile.setObjectName(u"f_phone_mobile")

        self.v_phone_mobile.addWidget(self.f_phone_mobile)

        self.e_phone_mobile = QLabel(GuardianForm)
        self.e_phone_mobile.setObjectName(u"e_phone_mobile")
        self.e_phone_mobile.setVisible(False)
        self.e_phone_mobile.setWordWrap(True)

        self.v_phone_mobile.addWidget(self.e_phone_mobile)


        self.rightForm.setLayout(2, QFormLayout.ItemRole.FieldRole, self.v_phone_mobile)

        self.l_email = QLabel(GuardianForm)
        self.l_email.setObjectName(u"l_email")

        self.rightForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.l_email)

        self.v_email = QVBoxLayout()
        self.v_email.setSpacing(1)
        self.v_email.setObjectName(u"v_email")
        self.f_email = QLineEdit(GuardianForm)
        self.f_email.setObjectName(u"f_email")

        self.v_email.addWidget(self.f_email)

        self.e_email = QLabel(GuardianForm)
        self.e_email.setObjectName(u"e_email")
        self.e_email.setVisible(False)
        self.e_email.setWordWrap(True)

        self.v_email.addWidget(self.e_email)


        self.rightForm.setLayout(3, QFormLayout.ItemRole.FieldRole, self.v_email)

        self.l_employer = QLabel(GuardianForm)
        self.l_employer.setObjectName(u"l_employer")

        self.rightForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.l_employer)

        self.v_employer = QVBoxLayout()
        self.v_employer.setSpacing(1)
        self.v_employer.setObjectName(u"v_employer")
        self.f_employer = QLineEdit(GuardianForm)
        self.f_employer.setObjectName(u"f_employer")

        self.v_employer.addWidget(self.f_employer)

        self.e_employer = QLabel(GuardianForm)
        self.e_employer.setObjectName(u"e_employer")
        self.e_employer.setVisible(False)
        self.e_employer.setWordWrap(True)

        self.v_employer.addWidget(self.e_employer)


        self.rightForm.setLayout(4, QFormLayout.ItemRole.FieldRole, self.v_employer)

        self.l_employer_address = QLabel(GuardianForm)
        self.l_employer_address.setObjectName(u"l_employer_address")

        self.rightForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.l_employer_address)

        self.v_employer_address = QVBoxLayout()
        self.v_employer_address.setSpacing(1)
        self.v_employer_address.setObjectName(u"v_employer_address")
        self.f_employer_address = QLineEdit(GuardianForm)
        self.f_employer_address.setObjectName(u"f_employer_address")

        self.v_employer_address.addWidget(self.f_employer_address)

        self.e_employer_address = QLabel(GuardianForm)
        self.e_employer_address.setObjectName(u"e_employer_address")
        self.e_employer_address.setVisible(False)
        self.e_employer_address.setWordWrap(True)

        self.v_employer_address.addWidget(self.e_employer_address)


        self.rightForm.setLayout(5, QFormLayout.ItemRole.FieldRole, self.v_employer_address)

        self.l_email_consent = QLabel(GuardianForm)
        self.l_email_consent.setObjectName(u"l_email_consent")

        self.rightForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.l_email_consent)

        self.v_email_consent = QVBoxLayout()
        self.v_email_consent.setSpacing(1)
        self.v_email_consent.setObjectName(u"v_email_consent")
        self.f_email_consent = QCheckBox(GuardianForm)
        self.f_email_consent.setObjectName(u"f_email_consent")

        self.v_email_consent.addWidget(self.f_email_consent)

        self.e_email_consent = QLabel(GuardianForm)
        self.e_email_consent.setObjectName(u"e_email_consent")
        self.e_email_consent.setVisible(False)
        self.e_email_consent.setWordWrap(True)

        self.v_email_consent.addWidget(self.e_email_consent)


        self.rightForm.setLayout(6, QFormLayout.ItemRole.FieldRole, self.v_email_consent)

        self.l_sms_consent = QLabel(GuardianForm)
        self.l_sms_consent.setObjectName(u"l_sms_consent")

        self.rightForm.setWidget(7, QFormLayout.ItemRole.LabelRole, self.l_sms_consent)

        self.v_sms_consent = QVBoxLayout()
        self.v_sms_consent.setSpacing(1)
        self.v_sms_consent.setObjectName(u"v_sms_consent")
        self.f_sms_consent = QCheckBox(GuardianForm)
        self.f_sms_consent.setObjectName(u"f_sms_consent")

        self.v_sms_consent.addWidget(self.f_sms_consent)

        self.e_sms_consent = QLabel(GuardianForm)
        self.e_sms_consent.setObjectName(u"e_sms_consent")
        self.e_sms_consent.setVisible(False)
        self.e_sms_consent.setWordWrap(True)

        self.v_sms_consent.addWidget(self.e_sms_consent)


        self.rightForm.setLayout(7, QFormLayout.ItemRole.FieldRole, self.v_sms_consent)


        self.columns.addLayout(self.rightForm)

#if QT_CONFIG(shortcut)
        self.l_civility.setBuddy(self.f_civility)
        self.l_last_name.setBuddy(self.f_last_name)
        self.l_first_name.setBuddy(self.f_first_name)
        self.l_quality.setBuddy(self.f_quality)
        self.l_situation.setBuddy(self.f_situation)
        self.l_address.setBuddy(self.f_address)
        self.l_postal_code.setBuddy(self.f_postal_code)
        self.l_city.setBuddy(self.f_city)
        self.l_profession.setBuddy(self.f_profession)
        self.l_csp.setBuddy(self.f_csp)
        self.l_phone_home.setBuddy(self.f_phone_home)
        self.l_phone_work.setBuddy(self.f_phone_work)
        self.l_phone_mobile.setBuddy(self.f_phone_mobile)
        self.l_email.setBuddy(self.f_email)
        self.l_employer.setBuddy(self.f_employer)
        self.l_employer_address.setBuddy(self.f_employer_address)
        self.l_email_consent.setBuddy(self.f_email_consent)
        self.l_sms_consent.setBuddy(self.f_sms_consent)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(GuardianForm)

        QMetaObject.connectSlotsByName(GuardianForm)
    # setupUi

    def retranslateUi(self, GuardianForm):
        GuardianForm.setWindowTitle(QCoreApplication.translate("GuardianForm", u"Responsable", None))
        self.l_civility.setText(QCoreApplication.translate("GuardianForm", u"Civilit\u00e9\u202f:", None))
        self.e_civility.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
        self.l_last_name.setText(QCoreApplication.translate("GuardianForm", u"Nom\u202f:", None))
        self.e_last_name.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
        self.l_first_name.setText(QCoreApplication.translate("GuardianForm", u"Pr\u00e9nom\u202f:", None))
        self.e_first_name.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
        self.l_quality.setText(QCoreApplication.translate("GuardianForm", u"Qualit\u00e9\u202f:", None))
        self.e_quality.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
        self.l_situation.setText(QCoreApplication.translate("GuardianForm", u"Situation\u202f:", None))
        self.e_situation.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
        self.l_address.setText(QCoreApplication.translate("GuardianForm", u"Adresse\u202f:", None))
        self.e_address.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
        self.l_postal_code.setText(QCoreApplication.translate("GuardianForm", u"Code postal\u202f:", None))
        self.e_postal_code.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
        self.l_city.setText(QCoreApplication.translate("GuardianForm", u"Ville\u202f:", None))
        self.e_city.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
        self.l_profession.setText(QCoreApplication.translate("GuardianForm", u"Profession\u202f:", None))
        self.e_profession.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
        self.l_csp.setText(QCoreApplication.translate("GuardianForm", u"CSP\u202f:", None))
        self.e_csp.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
        self.l_phone_home.setText(QCoreApplication.translate("GuardianForm", u"T\u00e9l\u00e9phone domicile\u202f:", None))
        self.e_phone_home.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
        self.l_phone_work.setText(QCoreApplication.translate("GuardianForm", u"T\u00e9l\u00e9phone prof.\u202f:", None))
        self.e_phone_work.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
        self.l_phone_mobile.setText(QCoreApplication.translate("GuardianForm", u"Mobile\u202f:", None))
        self.e_phone_mobile.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
        self.l_email.setText(QCoreApplication.translate("GuardianForm", u"Courriel\u202f:", None))
        self.e_email.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
        self.l_employer.setText(QCoreApplication.translate("GuardianForm", u"Employeur\u202f:", None))
        self.e_employer.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
        self.l_employer_address.setText(QCoreApplication.translate("GuardianForm", u"Adresse employeur\u202f:", None))
        self.e_employer_address.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
        self.l_email_consent.setText(QCoreApplication.translate("GuardianForm", u"Autorisation courriel\u202f:", None))
        self.e_email_consent.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
        self.l_sms_consent.setText(QCoreApplication.translate("GuardianForm", u"Autorisation SMS\u202f:", None))
        self.e_sms_consent.setStyleSheet(QCoreApplication.translate("GuardianForm", u"color: #b00020;", None))
    # retranslateUi

