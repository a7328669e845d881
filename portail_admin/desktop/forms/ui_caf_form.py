# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'caf_form.ui'
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
from PySide6.QtWidgets import (QApplication, QComboBox, QFormLayout, QLabel,
    QLineEdit, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_CafForm(object):
    def setupUi(self, CafForm):
        if not CafForm.objectName():
            CafForm.setObjectName(u"CafForm")
        self.outer = QVBoxLayout(CafForm)
        self.outer.setObjectName(u"outer")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(6)
        self.l_attachment_body = QLabel(CafForm)
        self.l_attachment_body.setObjectName(u"l_attachment_body")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.l_attachment_body)

        self.v_attachment_body = QVBoxLayout()
        self.v_attachment_body.setSpacing(1)
        self.v_attachment_body.setObjectName(u"v_attachment_body")
        self.f_attachment_body = QComboBox(CafForm)
        self.f_attachment_body.setObjectName(u"f_attachment_body")
        self.f_attachment_body.setMinimumSize(QSize(160, 0))

        self.v_attachment_body.addWidget(self.f_attachment_body)

        self.e_attachment_body = QLabel(CafForm)
        self.e_attachment_body.setObjectName(u"e_attachment_body")
        self.e_attachment_body.setVisible(False)
        self.e_attachment_body.setWordWrap(True)

        self.v_attachment_body.addWidget(self.e_attachment_body)


        self.form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.v_attachment_body)

        self.l_allocataire_number = QLabel(CafForm)
        self.l_allocataire_number.setObjectName(u"l_allocataire_number")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.l_allocataire_number)

        self.v_allocataire_number = QVBoxLayout()
        self.v_allocataire_number.setSpacing(1)
        self.v_allocataire_number.setObjectName(u"v_allocataire_number")
        self.f_allocataire_number = QLineEdit(CafForm)
        self.f_allocataire_number.setObjectName(u"f_allocataire_number")

        self.v_allocataire_number.addWidget(self.f_allocataire_number)

        self.e_allocataire_number = QLabel(CafForm)
        self.e_allocataire_number.setObjectName(u"e_allocataire_number")
        self.e_allocataire_number.setVisible(False)
        self.e_allocataire_number.setWordWrap(True)

        self.v_allocataire_number.addWidget(self.e_allocataire_number)


        self.form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.v_allocataire_number)

        self.l_quotient_familial = QLabel(CafForm)
        self.l_quotient_familial.setObjectName(u"l_quotient_familial")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.l_quotient_familial)

        self.v_quotient_familial = QVBoxLayout()
        self.v_quotient_familial.setSpacing(1)
        self.v_quotient_familial.setObjectName(u"v_quotient_familial")
        self.f_quotient_familial = QLineEdit(CafForm)
        self.f_quotient_familial.setObjectName(u"f_quotient_familial")

        self.v_quotient_familial.addWidget(self.f_quotient_familial)

        self.e_quotient_familial = QLabel(CafForm)
        self.e_quotient_familial.setObjectName(u"e_quotient_familial")
        self.e_quotient_familial.setVisible(False)
        self.e_quotient_familial.setWordWrap(True)

        self.v_quotient_familial.addWidget(self.e_quotient_familial)


        self.form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.v_quotient_familial)

        self.l_qf_date = QLabel(CafForm)
        self.l_qf_date.setObjectName(u"l_qf_date")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.l_qf_date)

        self.v_qf_date = QVBoxLayout()
        self.v_qf_date.setSpacing(1)
        self.v_qf_date.setObjectName(u"v_qf_date")
        self.f_qf_date = QLineEdit(CafForm)
        self.f_qf_date.setObjectName(u"f_qf_date")
        self.f_qf_date.setMaximumSize(QSize(140, 16777215))

        self.v_qf_date.addWidget(self.f_qf_date)

        self.e_qf_date = QLabel(CafForm)
        self.e_qf_date.setObjectName(u"e_qf_date")
        self.e_qf_date.setVisible(False)
        self.e_qf_date.setWordWrap(True)

        self.v_qf_date.addWidget(self.e_qf_date)


        self.form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.v_qf_date)

        self.l_qf_source = QLabel(CafForm)
        self.l_qf_source.setObjectName(u"l_qf_source")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.l_qf_source)

        self.v_qf_source = QVBoxLayout()
        self.v_qf_source.setSpacing(1)
        self.v_qf_source.setObjectName(u"v_qf_source")
        self.f_qf_source = QComboBox(CafForm)
        self.f_qf_source.setObjectName(u"f_qf_source")
        self.f_qf_source.setMinimumSize(QSize(160, 0))

        self.v_qf_source.addWidget(self.f_qf_source)

        self.e_qf_source = QLabel(CafForm)
        self.e_qf_source.setObjectName(u"e_qf_source")
        self.e_qf_source.setVisible(False)
        self.e_qf_source.setWordWrap(True)

        self.v_qf_source.addWidget(self.e_qf_source)


        self.form.setLayout(4, QFormLayout.ItemRole.FieldRole, self.v_qf_source)


        self.outer.addLayout(self.form)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outer.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.l_attachment_body.setBuddy(self.f_attachment_body)
        self.l_allocataire_number.setBuddy(self.f_allocataire_number)
        self.l_quotient_familial.setBuddy(self.f_quotient_familial)
        self.l_qf_date.setBuddy(self.f_qf_date)
        self.l_qf_source.setBuddy(self.f_qf_source)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(CafForm)

        QMetaObject.connectSlotsByName(CafForm)
    # setupUi

    def retranslateUi(self, CafForm):
        CafForm.setWindowTitle(QCoreApplication.translate("CafForm", u"Informations CAF", None))
        self.l_attachment_body.setText(QCoreApplication.translate("CafForm", u"Organisme de rattachement\u202f:", None))
        self.e_attachment_body.setStyleSheet(QCoreApplication.translate("CafForm", u"color: #b00020;", None))
        self.l_allocataire_number.setText(QCoreApplication.translate("CafForm", u"N\u00b0 allocataire\u202f:", None))
        self.e_allocataire_number.setStyleSheet(QCoreApplication.translate("CafForm", u"color: #b00020;", None))
        self.l_quotient_familial.setText(QCoreApplication.translate("CafForm", u"Quotient familial\u202f:", None))
        self.e_quotient_familial.setStyleSheet(QCoreApplication.translate("CafForm", u"color: #b00020;", None))
        self.l_qf_date.setText(QCoreApplication.translate("CafForm", u"Date du quotient\u202f:", None))
        self.f_qf_date.setPlaceholderText(QCoreApplication.translate("CafForm", u"JJ/MM/AAAA", None))
        self.e_qf_date.setStyleSheet(QCoreApplication.translate("CafForm", u"color: #b00020;", None))
        self.l_qf_source.setText(QCoreApplication.translate("CafForm", u"Source du quotient\u202f:", None))
        self.e_qf_source.setStyleSheet(QCoreApplication.translate("CafForm", u"color: #b00020;", None))
    # retranslateUi

