# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'tax_form.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

class Ui_TaxForm(object):
    def setupUi(self, TaxForm):
        if not TaxForm.objectName():
            TaxForm.setObjectName(u"TaxForm")
        self.outer = QVBoxLayout(TaxForm)
        self.outer.setObjectName(u"outer")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(6)
        self.l_tax_reference_income = QLabel(TaxForm)
        self.l_tax_reference_income.setObjectName(u"l_tax_reference_income")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.l_tax_reference_income)

        self.v_tax_reference_income = QVBoxLayout()
        self.v_tax_reference_income.setSpacing(1)
        self.v_tax_reference_income.setObjectName(u"v_tax_reference_income")
        self.f_tax_reference_income = QLineEdit(TaxForm)
        self.f_tax_reference_income.setObjectName(u"f_tax_reference_income")

        self.v_tax_reference_income.addWidget(self.f_tax_reference_income)

        self.e_tax_reference_income = QLabel(TaxForm)
        self.e_tax_reference_income.setObjectName(u"e_tax_reference_income")
        self.e_tax_reference_income.setVisible(False)
        self.e_tax_reference_income.setWordWrap(True)

        self.v_tax_reference_income.addWidget(self.e_tax_reference_income)


        self.form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.v_tax_reference_income)

        self.l_tax_shares = QLabel(TaxForm)
        self.l_tax_shares.setObjectName(u"l_tax_shares")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.l_tax_shares)

        self.v_tax_shares = QVBoxLayout()
        self.v_tax_shares.setSpacing(1)
        self.v_tax_shares.setObjectName(u"v_tax_shares")
        self.f_tax_shares = QLineEdit(TaxForm)
        self.f_tax_shares.setObjectName(u"f_tax_shares")

        self.v_tax_shares.addWidget(self.f_tax_shares)

        self.e_tax_shares = QLabel(TaxForm)
        self.e_tax_shares.setObjectName(u"e_tax_shares")
        self.e_tax_shares.setVisible(False)
        self.e_tax_shares.setWordWrap(True)

        self.v_tax_shares.addWidget(self.e_tax_shares)


        self.form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.v_tax_shares)


        self.outer.addLayout(self.form)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outer.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.l_tax_reference_income.setBuddy(self.f_tax_reference_income)
        self.l_tax_shares.setBuddy(self.f_tax_shares)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(TaxForm)

        QMetaObject.connectSlotsByName(TaxForm)
    # setupUi

    def retranslateUi(self, TaxForm):
        TaxForm.setWindowTitle(QCoreApplication.translate("TaxForm", u"Informations fiscales", None))
        self.l_tax_reference_income.setText(QCoreApplication.translate("TaxForm", u"Revenu fiscal de r\u00e9f\u00e9rence\u202f:", None))
        self.e_tax_reference_income.setStyleSheet(QCoreApplication.translate("TaxForm", u"color: #b00020;", None))
        self.l_tax_shares.setText(QCoreApplication.translate("TaxForm", u"Nombre de parts\u202f:", None))
        self.e_tax_shares.setStyleSheet(QCoreApplication.translate("TaxForm", u"color: #b00020;", None))
    # retranslateUi

