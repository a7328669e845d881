# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'service_dialog.ui'
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

from portail_admin.desktop.weekdays import WeekdaysField

class Ui_ServiceDialog(object):
    def setupUi(self, ServiceDialog):
        if not ServiceDialog.objectName():
            ServiceDialog.setObjectName(u"ServiceDialog")
        ServiceDialog.setMinimumSize(QSize(520, 0))
        self.outer = QVBoxLayout(ServiceDialog)
        self.outer.setObjectName(u"outer")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(6)
        self.l_name = QLabel(ServiceDialog)
        self.l_name.setObjectName(u"l_name")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.l_name)

        self.v_name = QVBoxLayout()
        self.v_name.setSpacing(1)
        self.v_name.setObjectName(u"v_name")
        self.f_name = QLineEdit(ServiceDialog)
        self.f_name.setObjectName(u"f_name")

        self.v_name.addWidget(self.f_name)

        self.e_name = QLabel(ServiceDialog)
        self.e_name.setObjectName(u"e_name")
        self.e_name.setVisible(False)
        self.e_name.setWordWrap(True)

        self.v_name.addWidget(self.e_name)


        self.form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.v_name)

        self.l_code = QLabel(ServiceDialog)
        self.l_code.setObjectName(u"l_code")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.l_code)

        self.v_code = QVBoxLayout()
        self.v_code.setSpacing(1)
        self.v_code.setObjectName(u"v_code")
        self.f_code = QLineEdit(ServiceDialog)
        self.f_code.setObjectName(u"f_code")

        self.v_code.addWidget(self.f_code)

        self.e_code = QLabel(ServiceDialog)
        self.e_code.setObjectName(u"e_code")
        self.e_code.setVisible(False)
        self.e_code.setWordWrap(True)

        self.v_code.addWidget(self.e_code)


        self.form.setLayout(1, QFormLayout.ItemRole.FieldRole, self.v_code)

        self.l_unit = QLabel(ServiceDialog)
        self.l_unit.setObjectName(u"l_unit")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.l_unit)

        self.v_unit = QVBoxLayout()
        self.v_unit.setSpacing(1)
        self.v_unit.setObjectName(u"v_unit")
        self.f_unit = QComboBox(ServiceDialog)
        self.f_unit.setObjectName(u"f_unit")

        self.v_unit.addWidget(self.f_unit)

        self.e_unit = QLabel(ServiceDialog)
        self.e_unit.setObjectName(u"e_unit")
        self.e_unit.setVisible(False)
        self.e_unit.setWordWrap(True)

        self.v_unit.addWidget(self.e_unit)


        self.form.setLayout(2, QFormLayout.ItemRole.FieldRole, self.v_unit)

        self.l_weekdays = QLabel(ServiceDialog)
        self.l_weekdays.setObjectName(u"l_weekdays")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.l_weekdays)

        self.v_weekdays = QVBoxLayout()
        self.v_weekdays.setSpacing(1)
        self.v_weekdays.setObjectName(u"v_weekdays")
        self.f_weekdays = WeekdaysField(ServiceDialog)
        self.f_weekdays.setObjectName(u"f_weekdays")

        self.v_weekdays.addWidget(self.f_weekdays)

        self.e_weekdays = QLabel(ServiceDialog)
        self.e_weekdays.setObjectName(u"e_weekdays")
        self.e_weekdays.setVisible(False)
        self.e_weekdays.setWordWrap(True)

        self.v_weekdays.addWidget(self.e_weekdays)


        self.form.setLayout(3, QFormLayout.ItemRole.FieldRole, self.v_weekdays)

        self.l_open_in_term = QLabel(ServiceDialog)
        self.l_open_in_term.setObjectName(u"l_open_in_term")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.l_open_in_term)

        self.v_open_in_term = QVBoxLayout()
        self.v_open_in_term.setSpacing(1)
        self.v_open_in_term.setObjectName(u"v_open_in_term")
        self.f_open_in_term = QCheckBox(ServiceDialog)
        self.f_open_in_term.setObjectName(u"f_open_in_term")

        self.v_open_in_term.addWidget(self.f_open_in_term)

        self.e_open_in_term = QLabel(ServiceDialog)
        self.e_open_in_term.setObjectName(u"e_open_in_term")
        self.e_open_in_term.setVisible(False)
        self.e_open_in_term.setWordWrap(True)

        self.v_open_in_term.addWidget(self.e_open_in_term)


        self.form.setLayout(4, QFormLayout.ItemRole.FieldRole, self.v_open_in_term)

        self.l_open_in_holidays = QLabel(ServiceDialog)
        self.l_open_in_holidays.setObjectName(u"l_open_in_holidays")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.l_open_in_holidays)

        self.v_open_in_holidays = QVBoxLayout()
        self.v_open_in_holidays.setSpacing(1)
        self.v_open_in_holidays.setObjectName(u"v_open_in_holidays")
        self.f_open_in_holidays = QCheckBox(ServiceDialog)
        self.f_open_in_holidays.setObjectName(u"f_open_in_holidays")

        self.v_open_in_holidays.addWidget(self.f_open_in_holidays)

        self.e_open_in_holidays = QLabel(ServiceDialog)
        self.e_open_in_holidays.setObjectName(u"e_open_in_holidays")
        self.e_open_in_holidays.setVisible(False)
        self.e_open_in_holidays.setWordWrap(True)

        self.v_open_in_holidays.addWidget(self.e_open_in_holidays)


        self.form.setLayout(5, QFormLayout.ItemRole.FieldRole, self.v_open_in_holidays)

        self.l_capacity = QLabel(ServiceDialog)
        self.l_capacity.setObjectName(u"l_capacity")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.l_capacity)

        self.v_capacity = QVBoxLayout()
        self.v_capacity.setSpacing(1)
        self.v_capacity.setObjectName(u"v_capacity")
        self.f_capacity = QLineEdit(ServiceDialog)
        self.f_capacity.setObjectName(u"f_capacity")

        self.v_capacity.addWidget(self.f_capacity)

        self.e_capacity = QLabel(ServiceDialog)
        self.e_capacity.setObjectName(u"e_capacity")
        self.e_capacity.setVisible(False)
        self.e_capacity.setWordWrap(True)

        self.v_capacity.addWidget(self.e_capacity)


        self.form.setLayout(6, QFormLayout.ItemRole.FieldRole, self.v_capacity)

        self.l_booking_deadline_days = QLabel(ServiceDialog)
        self.l_booking_deadline_days.setObjectName(u"l_booking_deadline_days")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.l_booking_deadline_days)

        self.v_booking_deadline_days = QVBoxLayout()
        self.v_booking_deadline_days.setSpacing(1)
        self.v_booking_deadline_days.setObjectName(u"v_booking_deadline_days")
        self.f_booking_deadline_days = QLineEdit(ServiceDialog)
        self.f_booking_deadline_days.setObjectName(u"f_booking_deadline_days")

        self.v_booking_deadline_days.addWidget(self.f_booking_deadline_days)

        self.e_booking_deadline_days = QLabel(ServiceDialog)
        self.e_booking_deadline_days.setObjectName(u"e_booking_deadline_days")
        self.e_booking_deadline_days.setVisible(False)
        self.e_booking_deadline_days.setWordWrap(True)

        self.v_booking_deadline_days.addWidget(self.e_booking_deadline_days)


        self.form.setLayout(7, QFormLayout.ItemRole.FieldRole, self.v_booking_deadline_days)

        self.l_auto_accept = QLabel(ServiceDialog)
        self.l_auto_accept.setObjectName(u"l_auto_accept")

        self.form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.l_auto_accept)

        self.v_auto_accept = QVBoxLayout()
        self.v_auto_accept.setSpacing(1)
        self.v_auto_accept.setObjectName(u"v_auto_accept")
        self.f_auto_accept = QCheckBox(ServiceDialog)
        self.f_auto_accept.setObjectName(u"f_auto_accept")

        self.v_auto_accept.addWidget(self.f_auto_accept)

        self.e_auto_accept = QLabel(ServiceDialog)
        self.e_auto_accept.setObjectName(u"e_auto_accept")
        self.e_auto_accept.setVisible(False)
        self.e_auto_accept.setWordWrap(True)

        self.v_auto_accept.addWidget(self.e_auto_accept)


        self.form.setLayout(8, QFormLayout.ItemRole.FieldRole, self.v_auto_accept)

        self.l_active = QLabel(ServiceDialog)
        self.l_active.setObjectName(u"l_active")

        self.form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.l_active)

        self.v_active = QVBoxLayout()
        self.v_active.setSpacing(1)
        self.v_active.setObjectName(u"v_active")
        self.f_active = QCheckBox(ServiceDialog)
        self.f_active.setObjectName(u"f_active")

        self.v_active.addWidget(self.f_active)

        self.e_active = QLabel(ServiceDialog)
        self.e_active.setObjectName(u"e_active")
        self.e_active.setVisible(False)
        self.e_active.setWordWrap(True)

        self.v_active.addWidget(self.e_active)


        self.form.setLayout(9, QFormLayout.ItemRole.FieldRole, self.v_active)

        self.l_sort_order = QLabel(ServiceDialog)
        self.l_sort_order.setObjectName(u"l_sort_order")

        self.form.setWidget(10, QFormLayout.ItemRole.LabelRole, self.l_sort_order)

        self.v_sort_order = QVBoxLayout()
        self.v_sort_order.setSpacing(1)
        self.v_sort_order.setObjectName(u"v_sort_order")
        self.f_sort_order = QLineEdit(ServiceDialog)
        self.f_sort_order.setObjectName(u"f_sort_order")

        self.v_sort_order.addWidget(self.f_sort_order)

        self.e_sort_order = QLabel(ServiceDialog)
        self.e_sort_order.setObjectName(u"e_sort_order")
        self.e_sort_order.setVisible(False)
        self.e_sort_order.setWordWrap(True)

        self.v_sort_order.addWidget(self.e_sort_order)


        self.form.setLayout(10, QFormLayout.ItemRole.FieldRole, self.v_sort_order)


        self.outer.addLayout(self.form)

        self.errorLabel = QLabel(ServiceDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setVisible(False)
        self.errorLabel.setWordWrap(True)

        self.outer.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(ServiceDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.outer.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.l_name.setBuddy(self.f_name)
        self.l_code.setBuddy(self.f_code)
        self.l_unit.setBuddy(self.f_unit)
        self.l_weekdays.setBuddy(self.f_weekdays)
        self.l_open_in_term.setBuddy(self.f_open_in_term)
        self.l_open_in_holidays.setBuddy(self.f_open_in_holidays)
        self.l_capacity.setBuddy(self.f_capacity)
        self.l_booking_deadline_days.setBuddy(self.f_booking_deadline_days)
        self.l_auto_accept.setBuddy(self.f_auto_accept)
        self.l_active.setBuddy(self.f_active)
        self.l_sort_order.setBuddy(self.f_sort_order)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ServiceDialog)

        QMetaObject.connectSlotsByName(ServiceDialog)
    # setupUi

    def retranslateUi(self, ServiceDialog):
        ServiceDialog.setWindowTitle(QCoreApplication.translate("ServiceDialog", u"Prestation", None))
        self.l_name.setText(QCoreApplication.translate("ServiceDialog", u"Nom\u202f:", None))
        self.e_name.setStyleSheet(QCoreApplication.translate("ServiceDialog", u"color: #b00020;", None))
        self.l_code.setText(QCoreApplication.translate("ServiceDialog", u"Code\u202f:", None))
        self.e_code.setStyleSheet(QCoreApplication.translate("ServiceDialog", u"color: #b00020;", None))
        self.l_unit.setText(QCoreApplication.translate("ServiceDialog", u"Unit\u00e9\u202f:", None))
        self.e_unit.setStyleSheet(QCoreApplication.translate("ServiceDialog", u"color: #b00020;", None))
        self.l_weekdays.setText(QCoreApplication.translate("ServiceDialog", u"Jours d'ouverture\u202f:", None))
        self.e_weekdays.setStyleSheet(QCoreApplication.translate("ServiceDialog", u"color: #b00020;", None))
        self.l_open_in_term.setText(QCoreApplication.translate("ServiceDialog", u"Ouverte en p\u00e9riode scolaire\u202f:", None))
        self.e_open_in_term.setStyleSheet(QCoreApplication.translate("ServiceDialog", u"color: #b00020;", None))
        self.l_open_in_holidays.setText(QCoreApplication.translate("ServiceDialog", u"Ouverte pendant les vacances\u202f:", None))
        self.e_open_in_holidays.setStyleSheet(QCoreApplication.translate("ServiceDialog", u"color: #b00020;", None))
        self.l_capacity.setText(QCoreApplication.translate("ServiceDialog", u"Nombre de places\u202f:", None))
        self.f_capacity.setPlaceholderText(QCoreApplication.translate("ServiceDialog", u"vide\u202f: sans limite", None))
        self.e_capacity.setStyleSheet(QCoreApplication.translate("ServiceDialog", u"color: #b00020;", None))
        self.l_booking_deadline_days.setText(QCoreApplication.translate("ServiceDialog", u"D\u00e9lai de r\u00e9servation (jours avant)\u202f:", None))
        self.e_booking_deadline_days.setStyleSheet(QCoreApplication.translate("ServiceDialog", u"color: #b00020;", None))
        self.l_auto_accept.setText(QCoreApplication.translate("ServiceDialog", u"Acceptation automatique\u202f:", None))
        self.e_auto_accept.setStyleSheet(QCoreApplication.translate("ServiceDialog", u"color: #b00020;", None))
        self.l_active.setText(QCoreApplication.translate("ServiceDialog", u"Active\u202f:", None))
        self.e_active.setStyleSheet(QCoreApplication.translate("ServiceDialog", u"color: #b00020;", None))
        self.l_sort_order.setText(QCoreApplication.translate("ServiceDialog", u"Ordre d'affichage\u202f:", None))
        self.e_sort_order.setStyleSheet(QCoreApplication.translate("ServiceDialog", u"color: #b00020;", None))
        self.errorLabel.setStyleSheet(QCoreApplication.translate("ServiceDialog", u"color: #b00020;", None))
    # retranslateUi

