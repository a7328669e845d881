# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'bank_form.ui'
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
    QLineEdit, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_BankForm(object):
    def setupUi(self, BankForm):
        if not BankForm.objectName():
            BankForm.setObjectName(u"BankForm")
        self.outer = QVBoxLayout(BankForm)
        self.outer.setObjectName(u"outer")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(6)
        self.l_account_holder = QLabel(BankForm)
        self.l_account_holder.setObjectName(u"l_account_holder")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.l_account_holder)

        self.v_account_holder = QVBoxLayout()
        self.v_account_holder.setSpacing(1)
        self.v_account_holder.setObjectName(u"v_account_holder")
        self.f_account_holder = QLineEdit(BankForm)
        self.f_account_holder.setObjectName(u"f_account_holder")

        self.v_account_holder.addWidget(self.f_account_holder)

        self.e_account_holder = QLabel(BankForm)
        self.e_account_holder.setObjectName(u"e_account_holder")
        self.e_account_holder.setVisible(False)
        self.e_account_holder.setWordWrap(True)

        self.v_account_holder.addWidget(self.e_account_holder)


        self.form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.v_account_holder)

        self.l_bank_name = QLabel(BankForm)
        self.l_bank_name.setObjectName(u"l_bank_name")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.l_bank_name)

        self.v_bank_name = QVBoxLayout()
        self.v_bank_name.setSpacing(1)
        self.v_bank_name.setObjectName(u"v_bank_name")
        self.f_bank_name = QLineEdit(BankForm)
        self.f_bank_name.setObjectName(u"f_bank_name")

        self.v_bank_name.addWidget(self.f_bank_name)

        self.e_bank_name = QLabel(BankForm)
        self.e_bank_name.setObjectName(u"e_bank_name")
        self.e_bank_name.setVisible(False)
        self.e_bank_name.setWordWrap(True)

        self.v_bank_name.addWidget(self.e_bank_name)


        self.form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.v_bank_name)

        self.l_iban = QLabel(BankForm)
        self.l_iban.setObjectName(u"l_iban")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.l_iban)

        self.v_iban = QVBoxLayout()
        self.v_iban.setSpacing(1)
        self.v_iban.setObjectName(u"v_iban")
        self.f_iban = QLineEdit(BankForm)
        self.f_iban.setObjectName(u"f_iban")

        self.v_iban.addWidget(self.f_iban)

        self.e_iban = QLabel(BankForm)
        self.e_iban.setObjectName(u"e_iban")
        self.e_iban.setVisible(False)
        self.e_iban.setWordWrap(True)

        self.v_iban.addWidget(self.e_iban)


        self.form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.v_iban)

        self.l_bic = QLabel(BankForm)
        self.l_bic.setObjectName(u"l_bic")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.l_bic)

        self.v_bic = QVBoxLayout()
        self.v_bic.setSpacing(1)
        self.v_bic.setObjectName(u"v_bic")
        self.f_bic = QLineEdit(BankForm)
        self.f_bic.setObjectName(u"f_bic")

        self.v_bic.addWidget(self.f_bic)

        self.e_bic = QLabel(BankForm)
        self.e_bic.setObjectName(u"e_bic")
        self.e_bic.setVisible(False)
        self.e_bic.setWordWrap(True)

        self.v_bic.addWidget(self.e_bic)


        self.form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.v_bic)

        self.l_mandate_reference = QLabel(BankForm)
        self.l_mandate_reference.setObjectName(u"l_mandate_reference")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.l_mandate_reference)

        self.v_mandate_reference = QVBoxLayout()
        self.v_mandate_reference.setSpacing(1)
        self.v_mandate_reference.setObjectName(u"v_mandate_reference")
        self.f_mandate_reference = QLineEdit(BankForm)
        self.f_mandate_reference.setObjectName(u"f_mandate_reference")

        self.v_mandate_reference.addWidget(self.f_mandate_reference)

        self.e_mandate_reference = QLabel(BankForm)
        self.e_mandate_reference.setObjectName(u"e_mandate_reference")
        self.e_mandate_reference.setVisible(False)
        self.e_mandate_reference.setWordWrap(True)

        self.v_mandate_reference.addWidget(self.e_mandate_reference)


        self.form.setLayout(4, QFormLayout.ItemRole.FieldRole, self.v_mandate_reference)

        self.l_mandate_signed_on = QLabel(BankForm)
        self.l_mandate_signed_on.setObjectName(u"l_mandate_signed_on")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.l_mandate_signed_on)

        self.v_mandate_signed_on = QVBoxLayout()
        self.v_mandate_signed_on.setSpacing(1)
        self.v_mandate_signed_on.setObjectName(u"v_mandate_signed_on")
        self.f_mandate_signed_on = QLineEdit(BankForm)
        self.f_mandate_signed_on.setObjectName(u"f_mandate_signed_on")
        self.f_mandate_signed_on.setMaximumSize(QSize(140, 16777215))

        self.v_mandate_signed_on.addWidget(self.f_mandate_signed_on)

        self.e_mandate_signed_on = QLabel(BankForm)
        self.e_mandate_signed_on.setObjectName(u"e_mandate_signed_on")
        self.e_mandate_signed_on.setVisible(False)
        self.e_mandate_signed_on.setWordWrap(True)

        self.v_mandate_signed_on.addWidget(self.e_mandate_signed_on)


        self.form.setLayout(5, QFormLayout.ItemRole.FieldRole, self.v_mandate_signed_on)

        self.l_direct_debit = QLabel(BankForm)
        self.l_direct_debit.setObjectName(u"l_direct_debit")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.l_direct_debit)

        self.v_direct_debit = QVBoxLayout()
        self.v_direct_debit.setSpacing(1)
        self.v_direct_debit.setObjectName(u"v_direct_debit")
        self.f_direct_debit = QCheckBox(BankForm)
        self.f_direct_debit.setObjectName(u"f_direct_debit")

        self.v_direct_debit.addWidget(self.f_direct_debit)

        self.e_direct_debit = QLabel(BankForm)
        self.e_direct_debit.setObjectName(u"e_direct_debit")
        self.e_direct_debit.setVisible(False)
        self.e_direct_debit.setWordWrap(True)

        self.v_direct_debit.addWidget(self.e_direct_debit)


        self.form.setLayout(6, QFormLayout.ItemRole.FieldRole, self.v_direct_debit)


        self.outer.addLayout(self.form)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outer.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.l_account_holder.setBuddy(self.f_account_holder)
        self.l_bank_name.setBuddy(self.f_bank_name)
        self.l_iban.setBuddy(self.f_iban)
        self.l_bic.setBuddy(self.f_bic)
        self.l_mandate_reference.setBuddy(self.f_mandate_reference)
        self.l_mandate_signed_on.setBuddy(self.f_mandate_signed_on)
        self.l_direct_debit.setBuddy(self.f_direct_debit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(BankForm)

        QMetaObject.connectSlotsByName(BankForm)
    # setupUi

    def retranslateUi(self, BankForm):
        BankForm.setWindowTitle(QCoreApplication.translate("BankForm", u"Coordonn\u00e9es bancaires", None))
        self.l_account_holder.setText(QCoreApplication.translate("BankForm", u"Titulaire du compte\u202f:", None))
        self.e_account_holder.setStyleSheet(QCoreApplication.translate("BankForm", u"color: #b00020;", None))
        self.l_bank_name.setText(QCoreApplication.translate("BankForm", u"Nom banque\u202f:", None))
        self.e_bank_name.setStyleSheet(QCoreApplication.translate("BankForm", u"color: #b00020;", None))
        self.l_iban.setText(QCoreApplication.translate("BankForm", u"IBAN\u202f:", None))
        self.e_iban.setStyleSheet(QCoreApplication.translate("BankForm", u"color: #b00020;", None))
        self.l_bic.setText(QCoreApplication.translate("BankForm", u"BIC\u202f:", None))
        self.e_bic.setStyleSheet(QCoreApplication.translate("BankForm", u"color: #b00020;", None))
        self.l_mandate_reference.setText(QCoreApplication.translate("BankForm", u"R\u00e9f\u00e9rence unique du mandat (RUM)\u202f:", None))
        self.e_mandate_reference.setStyleSheet(QCoreApplication.translate("BankForm", u"color: #b00020;", None))
        self.l_mandate_signed_on.setText(QCoreApplication.translate("BankForm", u"Date de signature du mandat\u202f:", None))
        self.f_mandate_signed_on.setPlaceholderText(QCoreApplication.translate("BankForm", u"JJ/MM/AAAA", None))
        self.e_mandate_signed_on.setStyleSheet(QCoreApplication.translate("BankForm", u"color: #b00020;", None))
        self.l_direct_debit.setText(QCoreApplication.translate("BankForm", u"Pr\u00e9l\u00e8vement automatique\u202f:", None))
        self.e_direct_debit.setStyleSheet(QCoreApplication.translate("BankForm", u"color: #b00020;", None))
    # retranslateUi

