# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'health_form.ui'
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
from PySide6.QtWidgets import (QApplication, QCheckBox, QFormLayout, QLabel,
    QLineEdit, QPlainTextEdit, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

class Ui_HealthForm(object):
    def setupUi(self, HealthForm):
        if not HealthForm.objectName():
            HealthForm.setObjectName(u"HealthForm")
        self.outer = QVBoxLayout(HealthForm)
        self.outer.setObjectName(u"outer")
        self.notice = QLabel(HealthForm)
        self.notice.setObjectName(u"notice")
        self.notice.setWordWrap(True)

        self.outer.addWidget(self.notice)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(6)
        self.l_allergies = QLabel(HealthForm)
        self.l_allergies.setObjectName(u"l_allergies")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.l_allergies)

        self.v_allergies = QVBoxLayout()
        self.v_allergies.setSpacing(1)
        self.v_allergies.setObjectName(u"v_allergies")
        self.f_allergies = QPlainTextEdit(HealthForm)
        self.f_allergies.setObjectName(u"f_allergies")
        self.f_allergies.setMaximumSize(QSize(16777215, 80))
        self.f_allergies.setTabChangesFocus(True)

        self.v_allergies.addWidget(self.f_allergies)

        self.e_allergies = QLabel(HealthForm)
        self.e_allergies.setObjectName(u"e_allergies")
        self.e_allergies.setVisible(False)
        self.e_allergies.setWordWrap(True)

        self.v_allergies.addWidget(self.e_allergies)


        self.form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.v_allergies)

        self.l_has_pai = QLabel(HealthForm)
        self.l_has_pai.setObjectName(u"l_has_pai")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.l_has_pai)

        self.v_has_pai = QVBoxLayout()
        self.v_has_pai.setSpacing(1)
        self.v_has_pai.setObjectName(u"v_has_pai")
        self.f_has_pai = QCheckBox(HealthForm)
        self.f_has_pai.setObjectName(u"f_has_pai")

        self.v_has_pai.addWidget(self.f_has_pai)

        self.e_has_pai = QLabel(HealthForm)
        self.e_has_pai.setObjectName(u"e_has_pai")
        self.e_has_pai.setVisible(False)
        self.e_has_pai.setWordWrap(True)

        self.v_has_pai.addWidget(self.e_has_pai)


        self.form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.v_has_pai)

        self.l_pai_details = QLabel(HealthForm)
        self.l_pai_details.setObjectName(u"l_pai_details")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.l_pai_details)

        self.v_pai_details = QVBoxLayout()
        self.v_pai_details.setSpacing(1)
        self.v_pai_details.setObjectName(u"v_pai_details")
        self.f_pai_details = QPlainTextEdit(HealthForm)
        self.f_pai_details.setObjectName(u"f_pai_details")
        self.f_pai_details.setMaximumSize(QSize(16777215, 80))
        self.f_pai_details.setTabChangesFocus(True)

        self.v_pai_details.addWidget(self.f_pai_details)

        self.e_pai_details = QLabel(HealthForm)
        self.e_pai_details.setObjectName(u"e_pai_details")
        self.e_pai_details.setVisible(False)
        self.e_pai_details.setWordWrap(True)

        self.v_pai_details.addWidget(self.e_pai_details)


        self.form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.v_pai_details)

        self.l_diet = QLabel(HealthForm)
        self.l_diet.setObjectName(u"l_diet")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.l_diet)

        self.v_diet = QVBoxLayout()
        self.v_diet.setSpacing(1)
        self.v_diet.setObjectName(u"v_diet")
        self.f_diet = QLineEdit(HealthForm)
        self.f_diet.setObjectName(u"f_diet")

        self.v_diet.addWidget(self.f_diet)

        self.e_diet = QLabel(HealthForm)
        self.e_diet.setObjectName(u"e_diet")
        self.e_diet.setVisible(False)
        self.e_diet.setWordWrap(True)

        self.v_diet.addWidget(self.e_diet)


        self.form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.v_diet)

        self.l_doctor_name = QLabel(HealthForm)
        self.l_doctor_name.setObjectName(u"l_doctor_name")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.l_doctor_name)

        self.v_doctor_name = QVBoxLayout()
        self.v_doctor_name.setSpacing(1)
        self.v_doctor_name.setObjectName(u"v_doctor_name")
        self.f_doctor_name = QLineEdit(HealthForm)
        self.f_doctor_name.setObjectName(u"f_doctor_name")

        self.v_doctor_name.addWidget(self.f_doctor_name)

        self.e_doctor_name = QLabel(HealthForm)
        self.e_doctor_name.setObjectName(u"e_doctor_name")
        self.e_doctor_name.setVisible(False)
        self.e_doctor_name.setWordWrap(True)

        self.v_doctor_name.addWidget(self.e_doctor_name)


        self.form.setLayout(4, QFormLayout.ItemRole.FieldRole, self.v_doctor_name)

        self.l_doctor_phone = QLabel(HealthForm)
        self.l_doctor_phone.setObjectName(u"l_doctor_phone")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.l_doctor_phone)

        self.v_doctor_phone = QVBoxLayout()
        self.v_doctor_phone.setSpacing(1)
        self.v_doctor_phone.setObjectName(u"v_doctor_phone")
        self.f_doctor_phone = QLineEdit(HealthForm)
        self.f_doctor_phone.setObjectName(u"f_doctor_phone")

        self.v_doctor_phone.addWidget(self.f_doctor_phone)

        self.e_doctor_phone = QLabel(HealthForm)
        self.e_doctor_phone.setObjectName(u"e_doctor_phone")
        self.e_doctor_phone.setVisible(False)
        self.e_doctor_phone.setWordWrap(True)

        self.v_doctor_phone.addWidget(self.e_doctor_phone)


        self.form.setLayout(5, QFormLayout.ItemRole.FieldRole, self.v_doctor_phone)

        self.l_vaccinations = QLabel(HealthForm)
        self.l_vaccinations.setObjectName(u"l_vaccinations")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.l_vaccinations)

        self.v_vaccinations = QVBoxLayout()
        self.v_vaccinations.setSpacing(1)
        self.v_vaccinations.setObjectName(u"v_vaccinations")
        self.f_vaccinations = QPlainTextEdit(HealthForm)
        self.f_vaccinations.setObjectName(u"f_vaccinations")
        self.f_vaccinations.setMaximumSize(QSize(16777215, 80))
        self.f_vaccinations.setTabChangesFocus(True)

        self.v_vaccinations.addWidget(self.f_vaccinations)

        self.e_vaccinations = QLabel(HealthForm)
        self.e_vaccinations.setObjectName(u"e_vaccinations")
        self.e_vaccinations.setVisible(False)
        self.e_vaccinations.setWordWrap(True)

        self.v_vaccinations.addWidget(self.e_vaccinations)


        self.form.setLayout(6, QFormLayout.ItemRole.FieldRole, self.v_vaccinations)

        self.l_medical_notes = QLabel(HealthForm)
        self.l_medical_notes.setObjectName(u"l_medical_notes")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.l_medical_notes)

        self.v_medical_notes = QVBoxLayout()
        self.v_medical_notes.setSpacing(1)
        self.v_medical_notes.setObjectName(u"v_medical_notes")
        self.f_medical_notes = QPlainTextEdit(HealthForm)
        self.f_medical_notes.setObjectName(u"f_medical_notes")
        self.f_medical_notes.setMaximumSize(QSize(16777215, 80))
        self.f_medical_notes.setTabChangesFocus(True)

        self.v_medical_notes.addWidget(self.f_medical_notes)

        self.e_medical_notes = QLabel(HealthForm)
        self.e_medical_notes.setObjectName(u"e_medical_notes")
        self.e_medical_notes.setVisible(False)
        self.e_medical_notes.setWordWrap(True)

        self.v_medical_notes.addWidget(self.e_medical_notes)


        self.form.setLayout(7, QFormLayout.ItemRole.FieldRole, self.v_medical_notes)


        self.outer.addLayout(self.form)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outer.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.l_allergies.setBuddy(self.f_allergies)
        self.l_has_pai.setBuddy(self.f_has_pai)
        self.l_pai_details.setBuddy(self.f_pai_details)
        self.l_diet.setBuddy(self.f_diet)
        self.l_doctor_name.setBuddy(self.f_doctor_name)
        self.l_doctor_phone.setBuddy(self.f_doctor_phone)
        self.l_vaccinations.setBuddy(self.f_vaccinations)
        self.l_medical_notes.setBuddy(self.f_medical_notes)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(HealthForm)

        QMetaObject.connectSlotsByName(HealthForm)
    # setupUi

    def retranslateUi(self, HealthForm):
        HealthForm.setWindowTitle(QCoreApplication.translate("HealthForm", u"Donn\u00e9es sanitaires", None))
        self.notice.setText(QCoreApplication.translate("HealthForm", u"Donn\u00e9es de sant\u00e9 confidentielles (RGPD, article 9)\u202f: \u00e0 consulter et modifier uniquement pour l'accueil de l'enfant.", None))
        self.l_allergies.setText(QCoreApplication.translate("HealthForm", u"Allergies\u202f:", None))
        self.e_allergies.setStyleSheet(QCoreApplication.translate("HealthForm", u"color: #b00020;", None))
        self.l_has_pai.setText(QCoreApplication.translate("HealthForm", u"PAI\u202f:", None))
        self.e_has_pai.setStyleSheet(QCoreApplication.translate("HealthForm", u"color: #b00020;", None))
        self.l_pai_details.setText(QCoreApplication.translate("HealthForm", u"D\u00e9tails du PAI\u202f:", None))
        self.e_pai_details.setStyleSheet(QCoreApplication.translate("HealthForm", u"color: #b00020;", None))
        self.l_diet.setText(QCoreApplication.translate("HealthForm", u"R\u00e9gime alimentaire\u202f:", None))
        self.e_diet.setStyleSheet(QCoreApplication.translate("HealthForm", u"color: #b00020;", None))
        self.l_doctor_name.setText(QCoreApplication.translate("HealthForm", u"M\u00e9decin\u202f:", None))
        self.e_doctor_name.setStyleSheet(QCoreApplication.translate("HealthForm", u"color: #b00020;", None))
        self.l_doctor_phone.setText(QCoreApplication.translate("HealthForm", u"T\u00e9l\u00e9phone du m\u00e9decin\u202f:", None))
        self.e_doctor_phone.setStyleSheet(QCoreApplication.translate("HealthForm", u"color: #b00020;", None))
        self.l_vaccinations.setText(QCoreApplication.translate("HealthForm", u"Vaccinations\u202f:", None))
        self.e_vaccinations.setStyleSheet(QCoreApplication.translate("HealthForm", u"color: #b00020;", None))
        self.l_medical_notes.setText(QCoreApplication.translate("HealthForm", u"Remarques m\u00e9dicales\u202f:", None))
        self.e_medical_notes.setStyleSheet(QCoreApplication.translate("HealthForm", u"color: #b00020;", None))
    # retranslateUi

