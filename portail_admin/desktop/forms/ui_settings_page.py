# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'settings_page.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox,
    QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QListView, QPlainTextEdit, QPushButton,
    QRadioButton, QScrollArea, QSizePolicy, QSpacerItem,
    QTabWidget, QTableView, QVBoxLayout, QWidget)

class Ui_SettingsPage(object):
    def setupUi(self, SettingsPage):
        if not SettingsPage.objectName():
            SettingsPage.setObjectName(u"SettingsPage")
        self.pageLayout = QVBoxLayout(SettingsPage)
        self.pageLayout.setObjectName(u"pageLayout")
        self.titleLabel = QLabel(SettingsPage)
        self.titleLabel.setObjectName(u"titleLabel")

        self.pageLayout.addWidget(self.titleLabel)

        self.tabs = QTabWidget(SettingsPage)
        self.tabs.setObjectName(u"tabs")
        self.communeTab = QScrollArea()
        self.communeTab.setObjectName(u"communeTab")
        self.communeTab.setWidgetResizable(True)
        self.communeTabContents = QWidget()
        self.communeTabContents.setObjectName(u"communeTabContents")
        self.communeTabLayout = QVBoxLayout(self.communeTabContents)
        self.communeTabLayout.setObjectName(u"communeTabLayout")
        self.communeForm = QWidget(self.communeTabContents)
        self.communeForm.setObjectName(u"communeForm")
        self.communeForm.setMaximumSize(QSize(760, 16777215))
        self.communeFormLayout = QFormLayout(self.communeForm)
        self.communeFormLayout.setObjectName(u"communeFormLayout")
        self.communeFormLayout.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.communeFormLayout.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.communeFormLayout.setHorizontalSpacing(10)
        self.communeFormLayout.setVerticalSpacing(6)
        self.communeFormLayout.setContentsMargins(0, 0, 0, 0)
        self.l_name = QLabel(self.communeForm)
        self.l_name.setObjectName(u"l_name")

        self.communeFormLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.l_name)

        self.v_name = QVBoxLayout()
        self.v_name.setSpacing(1)
        self.v_name.setObjectName(u"v_name")
        self.f_name = QLineEdit(self.communeForm)
        self.f_name.setObjectName(u"f_name")

        self.v_name.addWidget(self.f_name)

        self.e_name = QLabel(self.communeForm)
        self.e_name.setObjectName(u"e_name")
        self.e_name.setVisible(False)
        self.e_name.setWordWrap(True)

        self.v_name.addWidget(self.e_name)


        self.communeFormLayout.setLayout(0, QFormLayout.ItemRole.FieldRole, self.v_name)

        self.l_address = QLabel(self.communeForm)
        self.l_address.setObjectName(u"l_address")

        self.communeFormLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.l_address)

        self.v_address = QVBoxLayout()
        self.v_address.setSpacing(1)
        self.v_address.setObjectName(u"v_address")
        self.f_address = QPlainTextEdit(self.communeForm)
        self.f_address.setObjectName(u"f_address")
        self.f_address.setMaximumSize(QSize(16777215, 70))

        self.v_address.addWidget(self.f_address)

        self.e_address = QLabel(self.communeForm)
        self.e_address.setObjectName(u"e_address")
        self.e_address.setVisible(False)
        self.e_address.setWordWrap(True)

        self.v_address.addWidget(self.e_address)


        self.communeFormLayout.setLayout(1, QFormLayout.ItemRole.FieldRole, self.v_address)

        self.l_contact_names = QLabel(self.communeForm)
        self.l_contact_names.setObjectName(u"l_contact_names")

        self.communeFormLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.l_contact_names)

        self.v_contact_names = QVBoxLayout()
        self.v_contact_names.setSpacing(1)
        self.v_contact_names.setObjectName(u"v_contact_names")
        self.f_contact_names = QLineEdit(self.communeForm)
        self.f_contact_names.setObjectName(u"f_contact_names")

        self.v_contact_names.addWidget(self.f_contact_names)

        self.e_contact_names = QLabel(self.communeForm)
        self.e_contact_names.setObjectName(u"e_contact_names")
        self.e_contact_names.setVisible(False)
        self.e_contact_names.setWordWrap(True)

        self.v_contact_names.addWidget(self.e_contact_names)


        self.communeFormLayout.setLayout(2, QFormLayout.ItemRole.FieldRole, self.v_contact_names)

        self.l_contact_phone = QLabel(self.communeForm)
        self.l_contact_phone.setObjectName(u"l_contact_phone")

        self.communeFormLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.l_contact_phone)

        self.v_contact_phone = QVBoxLayout()
        self.v_contact_phone.setSpacing(1)
        self.v_contact_phone.setObjectName(u"v_contact_phone")
        self.f_contact_phone = QLineEdit(self.communeForm)
        self.f_contact_phone.setObjectName(u"f_contact_phone")

        self.v_contact_phone.addWidget(self.f_contact_phone)

        self.e_contact_phone = QLabel(self.communeForm)
        self.e_contact_phone.setObjectName(u"e_contact_phone")
        self.e_contact_phone.setVisible(False)
        self.e_contact_phone.setWordWrap(True)

        self.v_contact_phone.addWidget(self.e_contact_phone)


        self.communeFormLayout.setLayout(3, QFormLayout.ItemRole.FieldRole, self.v_contact_phone)

        self.l_contact_email = QLabel(self.communeForm)
        self.l_contact_email.setObjectName(u"l_contact_email")

        self.communeFormLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.l_contact_email)

        self.v_contact_email = QVBoxLayout()
        self.v_contact_email.setSpacing(1)
        self.v_contact_email.setObjectName(u"v_contact_email")
        self.f_contact_email = QLineEdit(self.communeForm)
        self.f_contact_email.setObjectName(u"f_contact_email")

        self.v_contact_email.addWidget(self.f_contact_email)

        self.e_contact_email = QLabel(self.communeForm)
        self.e_contact_email.setObjectName(u"e_contact_email")
        self.e_contact_email.setVisible(False)
        self.e_contact_email.setWordWrap(True)

        self.v_contact_email.addWidget(self.e_contact_email)


        self.communeFormLayout.setLayout(4, QFormLayout.ItemRole.FieldRole, self.v_contact_email)

        self.l_welcome_message = QLabel(self.communeForm)
        self.l_welcome_message.setObjectName(u"l_welcome_message")

        self.communeFormLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.l_welcome_message)

        self.v_welcome_message = QVBoxLayout()
        self.v_welcome_message.setSpacing(1)
        self.v_welcome_message.setObjectName(u"v_welcome_message")
        self.f_welcome_message = QPlainTextEdit(self.communeForm)
        self.f_welcome_message.setObjectName(u"f_welcome_message")
        self.f_welcome_message.setMaximumSize(QSize(16777215, 70))

        self.v_welcome_message.addWidget(self.f_welcome_message)

        self.e_welcome_message = QLabel(self.communeForm)
        self.e_welcome_message.setObjectName(u"e_welcome_message")
        self.e_welcome_message.setVisible(False)
        self.e_welcome_message.setWordWrap(True)

        self.v_welcome_message.addWidget(self.e_welcome_message)


        self.communeFormLayout.setLayout(5, QFormLayout.ItemRole.FieldRole, self.v_welcome_message)

        self.l_info_message = QLabel(self.communeForm)
        self.l_info_message.setObjectName(u"l_info_message")

        self.communeFormLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.l_info_message)

        self.v_info_message = QVBoxLayout()
        self.v_info_message.setSpacing(1)
        self.v_info_message.setObjectName(u"v_info_message")
        self.f_info_message = QPlainTextEdit(self.communeForm)
        self.f_info_message.setObjectName(u"f_info_message")
        self.f_info_message.setMaximumSize(QSize(16777215, 90))

        self.v_info_message.addWidget(self.f_info_message)

        self.e_info_message = QLabel(self.communeForm)
        self.e_info_message.setObjectName(u"e_info_message")
        self.e_info_message.setVisible(False)
        self.e_info_message.setWordWrap(True)

        self.v_info_message.addWidget(self.e_info_message)


        self.communeFormLayout.setLayout(6, QFormLayout.ItemRole.FieldRole, self.v_info_message)

        self.l_portal_url = QLabel(self.communeForm)
        self.l_portal_url.setObjectName(u"l_portal_url")

        self.communeFormLayout.setWidget(7, QFormLayout.ItemRole.LabelRole, self.l_portal_url)

        self.v_portal_url = QVBoxLayout()
        self.v_portal_url.setSpacing(1)
        self.v_portal_url.setObjectName(u"v_portal_url")
        self.f_portal_url = QLineEdit(self.communeForm)
        self.f_portal_url.setObjectName(u"f_portal_url")

        self.v_portal_url.addWidget(self.f_portal_url)

        self.e_portal_url = QLabel(self.communeForm)
        self.e_portal_url.setObjectName(u"e_portal_url")
        self.e_portal_url.setVisible(False)
        self.e_portal_url.setWordWrap(True)

        self.v_portal_url.addWidget(self.e_portal_url)


        self.communeFormLayout.setLayout(7, QFormLayout.ItemRole.FieldRole, self.v_portal_url)

        self.l_logout_url = QLabel(self.communeForm)
        self.l_logout_url.setObjectName(u"l_logout_url")

        self.communeFormLayout.setWidget(8, QFormLayout.ItemRole.LabelRole, self.l_logout_url)

        self.v_logout_url = QVBoxLayout()
        self.v_logout_url.setSpacing(1)
        self.v_logout_url.setObjectName(u"v_logout_url")
        self.f_logout_url = QLineEdit(self.communeForm)
        self.f_logout_url.setObjectName(u"f_logout_url")

        self.v_logout_url.addWidget(self.f_logout_url)

        self.e_logout_url = QLabel(self.communeForm)
        self.e_logout_url.setObjectName(u"e_logout_url")
        self.e_logout_url.setVisible(False)
        self.e_logout_url.setWordWrap(True)

        self.v_logout_url.addWidget(self.e_logout_url)


        self.communeFormLayout.setLayout(8, QFormLayout.ItemRole.FieldRole, self.v_logout_url)

        self.l_school_zone = QLabel(self.communeForm)
        self.l_school_zone.setObjectName(u"l_school_zone")

        self.communeFormLayout.setWidget(9, QFormLayout.ItemRole.LabelRole, self.l_school_zone)

        self.v_school_zone = QVBoxLayout()
        self.v_school_zone.setSpacing(1)
        self.v_school_zone.setObjectName(u"v_school_zone")
        self.f_school_zone = QComboBox(self.communeForm)
        self.f_school_zone.setObjectName(u"f_school_zone")

        self.v_school_zone.addWidget(self.f_school_zone)

        self.e_school_zone = QLabel(self.communeForm)
        self.e_school_zone.setObjectName(u"e_school_zone")
        self.e_school_zone.setVisible(False)
        self.e_school_zone.setWordWrap(True)

        self.v_school_zone.addWidget(self.e_school_zone)


        self.communeFormLayout.setLayout(9, QFormLayout.ItemRole.FieldRole, self.v_school_zone)

        self.l_regie_prefix = QLabel(self.communeForm)
        self.l_regie_prefix.setObjectName(u"l_regie_prefix")

        self.communeFormLayout.setWidget(10, QFormLayout.ItemRole.LabelRole, self.l_regie_prefix)

        self.v_regie_prefix = QVBoxLayout()
        self.v_regie_prefix.setSpacing(1)
        self.v_regie_prefix.setObjectName(u"v_regie_prefix")
        self.f_regie_prefix = QLineEdit(self.communeForm)
        self.f_regie_prefix.setObjectName(u"f_regie_prefix")
        self.f_regie_prefix.setMaximumSize(QSize(120, 16777215))

        self.v_regie_prefix.addWidget(self.f_regie_prefix)

        self.e_regie_prefix = QLabel(self.communeForm)
        self.e_regie_prefix.setObjectName(u"e_regie_prefix")
        self.e_regie_prefix.setVisible(False)
        self.e_regie_prefix.setWordWrap(True)

        self.v_regie_prefix.addWidget(self.e_regie_prefix)


        self.communeFormLayout.setLayout(10, QFormLayout.ItemRole.FieldRole, self.v_regie_prefix)

        self.l_invoice_due_days = QLabel(self.communeForm)
        self.l_invoice_due_days.setObjectName(u"l_invoice_due_days")

        self.communeFormLayout.setWidget(11, QFormLayout.ItemRole.LabelRole, self.l_invoice_due_days)

        self.v_invoice_due_days = QVBoxLayout()
        self.v_invoice_due_days.setSpacing(1)
        self.v_invoice_due_days.setObjectName(u"v_invoice_due_days")
        self.f_invoice_due_days = QLineEdit(self.communeForm)
        self.f_invoice_due_days.setObjectName(u"f_invoice_due_days")
        self.f_invoice_due_days.setMaximumSize(QSize(120, 16777215))

        self.v_invoice_due_days.addWidget(self.f_invoice_due_days)

        self.e_invoice_due_days = QLabel(self.communeForm)
        self.e_invoice_due_days.setObjectName(u"e_invoice_due_days")
        self.e_invoice_due_days.setVisible(False)
        self.e_invoice_due_days.setWordWrap(True)

        self.v_invoice_due_days.addWidget(self.e_invoice_due_days)


        self.communeFormLayout.setLayout(11, QFormLayout.ItemRole.FieldRole, self.v_invoice_due_days)


        self.communeTabLayout.addWidget(self.communeForm)

        self.communeError = QLabel(self.communeTabContents)
        self.communeError.setObjectName(u"communeError")
        self.communeError.setVisible(False)
        self.communeError.setWordWrap(True)

        self.communeTabLayout.addWidget(self.communeError)

        self.communeSaveRow = QHBoxLayout()
        self.communeSaveRow.setObjectName(u"communeSaveRow")
        self.communeSaveButton = QPushButton(self.communeTabContents)
        self.communeSaveButton.setObjectName(u"communeSaveButton")

        self.communeSaveRow.addWidget(self.communeSaveButton)

        self.communeStatus = QLabel(self.communeTabContents)
        self.communeStatus.setObjectName(u"communeStatus")
        self.communeStatus.setWordWrap(True)

        self.communeSaveRow.addWidget(self.communeStatus)

        self.communeSaveSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.communeSaveRow.addItem(self.communeSaveSpacer)


        self.communeTabLayout.addLayout(self.communeSaveRow)

        self.communeBottom = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.communeTabLayout.addItem(self.communeBottom)

        self.communeTab.setWidget(self.communeTabContents)
        self.tabs.addTab(self.communeTab, "")
        self.formsTab = QWidget()
        self.formsTab.setObjectName(u"formsTab")
        self.formsLayout = QVBoxLayout(self.formsTab)
        self.formsLayout.setObjectName(u"formsLayout")
        self.formsIntro = QLabel(self.formsTab)
        self.formsIntro.setObjectName(u"formsIntro")
        self.formsIntro.setWordWrap(True)

        self.formsLayout.addWidget(self.formsIntro)

        self.formList = QListView(self.formsTab)
        self.formList.setObjectName(u"formList")
        self.formList.setEditTriggers(QAbstractItemView.NoEditTriggers)

        self.formsLayout.addWidget(self.formList)

        self.formButtons = QHBoxLayout()
        self.formButtons.setObjectName(u"formButtons")
        self.addFormButton = QPushButton(self.formsTab)
        self.addFormButton.setObjectName(u"addFormButton")

        self.formButtons.addWidget(self.addFormButton)

        self.renameFormButton = QPushButton(self.formsTab)
        self.renameFormButton.setObjectName(u"renameFormButton")

        self.formButtons.addWidget(self.renameFormButton)

        self.removeFormButton = QPushButton(self.formsTab)
        self.removeFormButton.setObjectName(u"removeFormButton")

        self.formButtons.addWidget(self.removeFormButton)

        self.formSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.formButtons.addItem(self.formSpacer)


        self.formsLayout.addLayout(self.formButtons)

        self.formsStatus = QLabel(self.formsTab)
        self.formsStatus.setObjectName(u"formsStatus")
        self.formsStatus.setWordWrap(True)

        self.formsLayout.addWidget(self.formsStatus)

        self.tabs.addTab(self.formsTab, "")
        self.servicesTab = QWidget()
        self.servicesTab.setObjectName(u"servicesTab")
        self.servicesLayout = QVBoxLayout(self.servicesTab)
        self.servicesLayout.setObjectName(u"servicesLayout")
        self.serviceTree = QTableView(self.servicesTab)
        self.serviceTree.setObjectName(u"serviceTree")
        self.serviceTree.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.serviceTree.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.serviceTree.setSelectionMode(QAbstractItemView.SingleSelection)
        self.serviceTree.setAlternatingRowColors(True)

        self.servicesLayout.addWidget(self.serviceTree)

        self.structureButtons = QHBoxLayout()
        self.structureButtons.setObjectName(u"structureButtons")
        self.addStructureButton = QPushButton(self.servicesTab)
        self.addStructureButton.setObjectName(u"addStructureButton")

        self.structureButtons.addWidget(self.addStructureButton)

        self.renameStructureButton = QPushButton(self.servicesTab)
        self.renameStructureButton.setObjectName(u"renameStructureButton")

        self.structureButtons.addWidget(self.renameStructureButton)

        self.addServiceButton = QPushButton(self.servicesTab)
        self.addServiceButton.setObjectName(u"addServiceButton")

        self.structureButtons.addWidget(self.addServiceButton)

        self.editServiceButton = QPushButton(self.servicesTab)
        self.editServiceButton.setObjectName(u"editServiceButton")

        self.structureButtons.addWidget(self.editServiceButton)

        self.deleteServiceButton = QPushButton(self.servicesTab)
        self.deleteServiceButton.setObjectName(u"deleteServiceButton")

        self.structureButtons.addWidget(self.deleteServiceButton)

        self.structureSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.structureButtons.addItem(self.structureSpacer)


        self.servicesLayout.addLayout(self.structureButtons)

        self.servicesStatus = QLabel(self.servicesTab)
        self.servicesStatus.setObjectName(u"servicesStatus")
        self.servicesStatus.setWordWrap(True)

        self.servicesLayout.addWidget(self.servicesStatus)

        self.tabs.addTab(self.servicesTab, "")
        self.smtpTab = QScrollArea()
        self.smtpTab.setObjectName(u"smtpTab")
        self.smtpTab.setWidgetResizable(True)
        self.smtpTabContents = QWidget()
        self.smtpTabContents.setObjectName(u"smtpTabContents")
        self.smtpTabLayout = QVBoxLayout(self.smtpTabContents)
        self.smtpTabLayout.setObjectName(u"smtpTabLayout")
        self.smtpIntro = QLabel(self.smtpTabContents)
        self.smtpIntro.setObjectName(u"smtpIntro")
        self.smtpIntro.setWordWrap(True)

        self.smtpTabLayout.addWidget(self.smtpIntro)

        self.smtpForm = QWidget(self.smtpTabContents)
        self.smtpForm.setObjectName(u"smtpForm")
        self.smtpForm.setMaximumSize(QSize(640, 16777215))
        self.smtpFormLayout = QFormLayout(self.smtpForm)
        self.smtpFormLayout.setObjectName(u"smtpFormLayout")
        self.smtpFormLayout.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.smtpFormLayout.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.smtpFormLayout.setHorizontalSpacing(10)
        self.smtpFormLayout.setVerticalSpacing(6)
        self.smtpFormLayout.setContentsMargins(0, 0, 0, 0)
        self.l_smtp_host = QLabel(self.smtpForm)
        self.l_smtp_host.setObjectName(u"l_smtp_host")

        self.smtpFormLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.l_smtp_host)

        self.v_smtp_host = QVBoxLayout()
        self.v_smtp_host.setSpacing(1)
        self.v_smtp_host.setObjectName(u"v_smtp_host")
        self.f_smtp_host = QLineEdit(self.smtpForm)
        self.f_smtp_host.setObjectName(u"f_smtp_host")

        self.v_smtp_host.addWidget(self.f_smtp_host)

        self.e_smtp_host = QLabel(self.smtpForm)
        self.e_smtp_host.setObjectName(u"e_smtp_host")
        self.e_smtp_host.setVisible(False)
        self.e_smtp_host.setWordWrap(True)

        self.v_smtp_host.addWidget(self.e_smtp_host)


        self.smtpFormLayout.setLayout(0, QFormLayout.ItemRole.FieldRole, self.v_smtp_host)

        self.l_smtp_port = QLabel(self.smtpForm)
        self.l_smtp_port.setObjectName(u"l_smtp_port")

        self.smtpFormLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.l_smtp_port)

        self.v_smtp_port = QVBoxLayout()
        self.v_smtp_port.setSpacing(1)
        self.v_smtp_port.setObjectName(u"v_smtp_port")
        self.f_smtp_port = QLineEdit(self.smtpForm)
        self.f_smtp_port.setObjectName(u"f_smtp_port")
        self.f_smtp_port.setMaximumSize(QSize(120, 16777215))

        self.v_smtp_port.addWidget(self.f_smtp_port)

        self.e_smtp_port = QLabel(self.smtpForm)
        self.e_smtp_port.setObjectName(u"e_smtp_port")
        self.e_smtp_port.setVisible(False)
        self.e_smtp_port.setWordWrap(True)

        self.v_smtp_port.addWidget(self.e_smtp_port)


        self.smtpFormLayout.setLayout(1, QFormLayout.ItemRole.FieldRole, self.v_smtp_port)

        self.l_smtp_starttls = QLabel(self.smtpForm)
        self.l_smtp_starttls.setObjectName(u"l_smtp_starttls")

        self.smtpFormLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.l_smtp_starttls)

        self.v_smtp_starttls = QVBoxLayout()
        self.v_smtp_starttls.setSpacing(1)
        self.v_smtp_starttls.setObjectName(u"v_smtp_starttls")
        self.f_smtp_starttls = QCheckBox(self.smtpForm)
        self.f_smtp_starttls.setObjectName(u"f_smtp_starttls")

        self.v_smtp_starttls.addWidget(self.f_smtp_starttls)

        self.e_smtp_starttls = QLabel(self.smtpForm)
        self.e_smtp_starttls.setObjectName(u"e_smtp_starttls")
        self.e_smtp_starttls.setVisible(False)
        self.e_smtp_starttls.setWordWrap(True)

        self.v_smtp_starttls.addWidget(self.e_smtp_starttls)


        self.smtpFormLayout.setLayout(2, QFormLayout.ItemRole.FieldRole, self.v_smtp_starttls)

        self.l_smtp_user = QLabel(self.smtpForm)
        self.l_smtp_user.setObjectName(u"l_smtp_user")

        self.smtpFormLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.l_smtp_user)

        self.v_smtp_user = QVBoxLayout()
        self.v_smtp_user.setSpacing(1)
        self.v_smtp_user.setObjectName(u"v_smtp_user")
        self.f_smtp_user = QLineEdit(self.smtpForm)
        self.f_smtp_user.setObjectName(u"f_smtp_user")

        self.v_smtp_user.addWidget(self.f_smtp_user)

        self.e_smtp_user = QLabel(self.smtpForm)
        self.e_smtp_user.setObjectName(u"e_smtp_user")
        self.e_smtp_user.setVisible(False)
        self.e_smtp_user.setWordWrap(True)

        self.v_smtp_user.addWidget(self.e_smtp_user)


        self.smtpFormLayout.setLayout(3, QFormLayout.ItemRole.FieldRole, self.v_smtp_user)

        self.l_smtp_password = QLabel(self.smtpForm)
        self.l_smtp_password.setObjectName(u"l_smtp_password")

        self.smtpFormLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.l_smtp_password)

        self.v_smtp_password = QVBoxLayout()
        self.v_smtp_password.setSpacing(1)
        self.v_smtp_password.setObjectName(u"v_smtp_password")
        self.f_smtp_password = QLineEdit(self.smtpForm)
        self.f_smtp_password.setObjectName(u"f_smtp_password")
        self.f_smtp_password.setEchoMode(QLineEdit.Password)

        self.v_smtp_password.addWidget(self.f_smtp_password)

        self.e_smtp_password = QLabel(self.smtpForm)
        self.e_smtp_password.setObjectName(u"e_smtp_password")
        self.e_smtp_password.setVisible(False)
        self.e_smtp_password.setWordWrap(True)

        self.v_smtp_password.addWidget(self.e_smtp_password)


        self.smtpFormLayout.setLayout(4, QFormLayout.ItemRole.FieldRole, self.v_smtp_password)

        self.l_smtp_sender = QLabel(self.smtpForm)
        self.l_smtp_sender.setObjectName(u"l_smtp_sender")

        self.smtpFormLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.l_smtp_sender)

        self.v_smtp_sender = QVBoxLayout()
        self.v_smtp_sender.setSpacing(1)
        self.v_smtp_sender.setObjectName(u"v_smtp_sender")
        self.f_smtp_sender = QLineEdit(self.smtpForm)
        self.f_smtp_sender.setObjectName(u"f_smtp_sender")

        self.v_smtp_sender.addWidget(self.f_smtp_sender)

        self.e_smtp_sender = QLabel(self.smtpForm)
        self.e_smtp_sender.setObjectName(u"e_smtp_sender")
        self.e_smtp_sender.setVisible(False)
        self.e_smtp_sender.setWordWrap(True)

        self.v_smtp_sender.addWidget(self.e_smtp_sender)


        self.smtpFormLayout.setLayout(5, QFormLayout.ItemRole.FieldRole, self.v_smtp_sender)


        self.smtpTabLayout.addWidget(self.smtpForm)

        self.forgetSmtpPassword = QCheckBox(self.smtpTabContents)
        self.forgetSmtpPassword.setObjectName(u"forgetSmtpPassword")

        self.smtpTabLayout.addWidget(self.forgetSmtpPassword)

        self.smtpError = QLabel(self.smtpTabContents)
        self.smtpError.setObjectName(u"smtpError")
        self.smtpError.setVisible(False)
        self.smtpError.setWordWrap(True)

        self.smtpTabLayout.addWidget(self.smtpError)

        self.smtpSaveRow = QHBoxLayout()
        self.smtpSaveRow.setObjectName(u"smtpSaveRow")
        self.smtpSaveButton = QPushButton(self.smtpTabContents)
        self.smtpSaveButton.setObjectName(u"smtpSaveButton")

        self.smtpSaveRow.addWidget(self.smtpSaveButton)

        self.smtpStatus = QLabel(self.smtpTabContents)
        self.smtpStatus.setObjectName(u"smtpStatus")
        self.smtpStatus.setWordWrap(True)

        self.smtpSaveRow.addWidget(self.smtpStatus)

        self.smtpSaveSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.smtpSaveRow.addItem(self.smtpSaveSpacer)


        self.smtpTabLayout.addLayout(self.smtpSaveRow)

        self.smtpBottom = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.smtpTabLayout.addItem(self.smtpBottom)

        self.smtpTab.setWidget(self.smtpTabContents)
        self.tabs.addTab(self.smtpTab, "")
        self.databaseTab = QScrollArea()
        self.databaseTab.setObjectName(u"databaseTab")
        self.databaseTab.setWidgetResizable(True)
        self.databaseTabContents = QWidget()
        self.databaseTabContents.setObjectName(u"databaseTabContents")
        self.databaseTabLayout = QVBoxLayout(self.databaseTabContents)
        self.databaseTabLayout.setObjectName(u"databaseTabLayout")
        self.databaseCurrent = QLabel(self.databaseTabContents)
        self.databaseCurrent.setObjectName(u"databaseCurrent")
        self.databaseCurrent.setWordWrap(True)
        self.databaseCurrent.setTextFormat(Qt.PlainText)

        self.databaseTabLayout.addWidget(self.databaseCurrent)

        self.databaseSaved = QLabel(self.databaseTabContents)
        self.databaseSaved.setObjectName(u"databaseSaved")
        self.databaseSaved.setWordWrap(True)
        self.databaseSaved.setTextFormat(Qt.PlainText)

        self.databaseTabLayout.addWidget(self.databaseSaved)

        self.localRadio = QRadioButton(self.databaseTabContents)
        self.localRadio.setObjectName(u"localRadio")
        self.localRadio.setChecked(True)

        self.databaseTabLayout.addWidget(self.localRadio)

        self.sharedRadio = QRadioButton(self.databaseTabContents)
        self.sharedRadio.setObjectName(u"sharedRadio")

        self.databaseTabLayout.addWidget(self.sharedRadio)

        self.databaseForm = QWidget(self.databaseTabContents)
        self.databaseForm.setObjectName(u"databaseForm")
        self.databaseForm.setMaximumSize(QSize(640, 16777215))
        self.databaseFormLayout = QFormLayout(self.databaseForm)
        self.databaseFormLayout.setObjectName(u"databaseFormLayout")
        self.databaseFormLayout.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.databaseFormLayout.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.databaseFormLayout.setHorizontalSpacing(10)
        self.databaseFormLayout.setVerticalSpacing(6)
        self.databaseFormLayout.setContentsMargins(0, 0, 0, 0)
        self.l_db_path = QLabel(self.databaseForm)
        self.l_db_path.setObjectName(u"l_db_path")

        self.databaseFormLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.l_db_path)

        self.v_db_path = QVBoxLayout()
        self.v_db_path.setSpacing(1)
        self.v_db_path.setObjectName(u"v_db_path")
        self.f_db_path = QLineEdit(self.databaseForm)
        self.f_db_path.setObjectName(u"f_db_path")

        self.v_db_path.addWidget(self.f_db_path)

        self.e_db_path = QLabel(self.databaseForm)
        self.e_db_path.setObjectName(u"e_db_path")
        self.e_db_path.setVisible(False)
        self.e_db_path.setWordWrap(True)

        self.v_db_path.addWidget(self.e_db_path)


        self.databaseFormLayout.setLayout(0, QFormLayout.ItemRole.FieldRole, self.v_db_path)

        self.l_db_host = QLabel(self.databaseForm)
        self.l_db_host.setObjectName(u"l_db_host")

        self.databaseFormLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.l_db_host)

        self.v_db_host = QVBoxLayout()
        self.v_db_host.setSpacing(1)
        self.v_db_host.setObjectName(u"v_db_host")
        self.f_db_host = QLineEdit(self.databaseForm)
        self.f_db_host.setObjectName(u"f_db_host")

        self.v_db_host.addWidget(self.f_db_host)

        self.e_db_host = QLabel(self.databaseForm)
        self.e_db_host.setObjectName(u"e_db_host")
        self.e_db_host.setVisible(False)
        self.e_db_host.setWordWrap(True)

        self.v_db_host.addWidget(self.e_db_host)


        self.databaseFormLayout.setLayout(1, QFormLayout.ItemRole.FieldRole, self.v_db_host)

        self.l_db_port = QLabel(self.databaseForm)
        self.l_db_port.setObjectName(u"l_db_port")

        self.databaseFormLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.l_db_port)

        self.v_db_port = QVBoxLayout()
        self.v_db_port.setSpacing(1)
        self.v_db_port.setObjectName(u"v_db_port")
        self.f_db_port = QLineEdit(self.databaseForm)
        self.f_db_port.setObjectName(u"f_db_port")
        self.f_db_port.setMaximumSize(QSize(120, 16777215))

        self.v_db_port.addWidget(self.f_db_port)

        self.e_db_port = QLabel(self.databaseForm)
        self.e_db_port.setObjectName(u"e_db_port")
        self.e_db_port.setVisible(False)
        self.e_db_port.setWordWrap(True)

        self.v_db_port.addWidget(self.e_db_port)


        self.databaseFormLayout.setLayout(2, QFormLayout.ItemRole.FieldRole, self.v_db_port)

        self.l_db_name = QLabel(self.databaseForm)
        self.l_db_name.setObjectName(u"l_db_name")

        self.databaseFormLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.l_db_name)

        self.v_db_name = QVBoxLayout()
        self.v_db_name.setSpacing(1)
        self.v_db_name.setObjectName(u"v_db_name")
        self.f_db_name = QLineEdit(self.databaseForm)
        self.f_db_name.setObjectName(u"f_db_name")

        self.v_db_name.addWidget(self.f_db_name)

        self.e_db_name = QLabel(self.databaseForm)
        self.e_db_name.setObjectName(u"e_db_name")
        self.e_db_name.setVisible(False)
        self.e_db_name.setWordWrap(True)

        self.v_db_name.addWidget(self.e_db_name)


        self.databaseFormLayout.setLayout(3, QFormLayout.ItemRole.FieldRole, self.v_db_name)

        self.l_db_user = QLabel(self.databaseForm)
        self.l_db_user.setObjectName(u"l_db_user")

        self.databaseFormLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.l_db_user)

        self.v_db_user = QVBoxLayout()
        self.v_db_user.setSpacing(1)
        self.v_db_user.setObjectName(u"v_db_user")
        self.f_db_user = QLineEdit(self.databaseForm)
        self.f_db_user.setObjectName(u"f_db_user")

        self.v_db_user.addWidget(self.f_db_user)

        self.e_db_user = QLabel(self.databaseForm)
        self.e_db_user.setObjectName(u"e_db_user")
        self.e_db_user.setVisible(False)
        self.e_db_user.setWordWrap(True)

        self.v_db_user.addWidget(self.e_db_user)


        self.databaseFormLayout.setLayout(4, QFormLayout.ItemRole.FieldRole, self.v_db_user)

        self.l_db_password = QLabel(self.databaseForm)
        self.l_db_password.setObjectName(u"l_db_password")

        self.databaseFormLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.l_db_password)

        self.v_db_password = QVBoxLayout()
        self.v_db_password.setSpacing(1)
        self.v_db_password.setObjectName(u"v_db_password")
        self.f_db_password = QLineEdit(self.databaseForm)
        self.f_db_password.setObjectName(u"f_db_password")
        self.f_db_password.setEchoMode(QLineEdit.Password)

        self.v_db_password.addWidget(self.f_db_password)

        self.e_db_password = QLabel(self.databaseForm)
        self.e_db_password.setObjectName(u"e_db_password")
        self.e_db_password.setVisible(False)
        self.e_db_password.setWordWrap(True)

        self.v_db_password.addWidget(self.e_db_password)


        self.databaseFormLayout.setLayout(5, QFormLayout.ItemRole.FieldRole, self.v_db_password)


        self.databaseTabLayout.addWidget(self.databaseForm)

        self.databaseButtons = QHBoxLayout()
        self.databaseButtons.setObjectName(u"databaseButtons")
        self.testConnectionButton = QPushButton(self.databaseTabContents)
        self.testConnectionButton.setObjectName(u"testConnectionButton")

        self.databaseButtons.addWidget(self.testConnectionButton)

        self.databaseSaveButton = QPushButton(self.databaseTabContents)
        self.databaseSaveButton.setObjectName(u"databaseSaveButton")

        self.databaseButtons.addWidget(self.databaseSaveButton)

        self.databaseSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.databaseButtons.addItem(self.databaseSpacer)


        self.databaseTabLayout.addLayout(self.databaseButtons)

        self.databaseStatus = QLabel(self.databaseTabContents)
        self.databaseStatus.setObjectName(u"databaseStatus")
        self.databaseStatus.setWordWrap(True)

        self.databaseTabLayout.addWidget(self.databaseStatus)

        self.databaseBottom = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.databaseTabLayout.addItem(self.databaseBottom)

        self.databaseTab.setWidget(self.databaseTabContents)
        self.tabs.addTab(self.databaseTab, "")
        self.staffTab = QWidget()
        self.staffTab.setObjectName(u"staffTab")
        self.staffLayout = QVBoxLayout(self.staffTab)
        self.staffLayout.setObjectName(u"staffLayout")
        self.staffTable = QTableView(self.staffTab)
        self.staffTable.setObjectName(u"staffTable")
        self.staffTable.setAlternatingRowColors(True)
        self.staffTable.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.staffTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.staffTable.setSelectionMode(QAbstractItemView.SingleSelection)

        self.staffLayout.addWidget(self.staffTable)

        self.staffButtons = QHBoxLayout()
        self.staffButtons.setObjectName(u"staffButtons")
        self.addStaffButton = QPushButton(self.staffTab)
        self.addStaffButton.setObjectName(u"addStaffButton")

        self.staffButtons.addWidget(self.addStaffButton)

        self.editStaffButton = QPushButton(self.staffTab)
        self.editStaffButton.setObjectName(u"editStaffButton")

        self.staffButtons.addWidget(self.editStaffButton)

        self.resetStaffButton = QPushButton(self.staffTab)
        self.resetStaffButton.setObjectName(u"resetStaffButton")

        self.staffButtons.addWidget(self.resetStaffButton)

        self.toggleStaffButton = QPushButton(self.staffTab)
        self.toggleStaffButton.setObjectName(u"toggleStaffButton")

        self.staffButtons.addWidget(self.toggleStaffButton)

        self.staffSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.staffButtons.addItem(self.staffSpacer)


        self.staffLayout.addLayout(self.staffButtons)

        self.staffStatus = QLabel(self.staffTab)
        self.staffStatus.setObjectName(u"staffStatus")
        self.staffStatus.setWordWrap(True)

        self.staffLayout.addWidget(self.staffStatus)

        self.tabs.addTab(self.staffTab, "")

        self.pageLayout.addWidget(self.tabs)

#if QT_CONFIG(shortcut)
        self.l_name.setBuddy(self.f_name)
        self.l_address.setBuddy(self.f_address)
        self.l_contact_names.setBuddy(self.f_contact_names)
        self.l_contact_phone.setBuddy(self.f_contact_phone)
        self.l_contact_email.setBuddy(self.f_contact_email)
        self.l_welcome_message.setBuddy(self.f_welcome_message)
        self.l_info_message.setBuddy(self.f_info_message)
        self.l_portal_url.setBuddy(self.f_portal_url)
        self.l_logout_url.setBuddy(self.f_logout_url)
        self.l_school_zone.setBuddy(self.f_school_zone)
        self.l_regie_prefix.setBuddy(self.f_regie_prefix)
        self.l_invoice_due_days.setBuddy(self.f_invoice_due_days)
        self.l_smtp_host.setBuddy(self.f_smtp_host)
        self.l_smtp_port.setBuddy(self.f_smtp_port)
        self.l_smtp_starttls.setBuddy(self.f_smtp_starttls)
        self.l_smtp_user.setBuddy(self.f_smtp_user)
        self.l_smtp_password.setBuddy(self.f_smtp_password)
        self.l_smtp_sender.setBuddy(self.f_smtp_sender)
        self.l_db_path.setBuddy(self.f_db_path)
        self.l_db_host.setBuddy(self.f_db_host)
        self.l_db_port.setBuddy(self.f_db_port)
        self.l_db_name.setBuddy(self.f_db_name)
        self.l_db_user.setBuddy(self.f_db_user)
        self.l_db_password.setBuddy(self.f_db_password)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(SettingsPage)

        QMetaObject.connectSlotsByName(SettingsPage)
    # setupUi

    def retranslateUi(self, SettingsPage):
        SettingsPage.setWindowTitle(QCoreApplication.translate("SettingsPage", u"Param\u00e8tres", None))
        self.titleLabel.setText(QCoreApplication.translate("SettingsPage", u"Param\u00e8tres", None))
        self.titleLabel.setStyleSheet(QCoreApplication.translate("SettingsPage", u"font-size: 16pt; font-weight: bold;", None))
        self.l_name.setText(QCoreApplication.translate("SettingsPage", u"Nom de la commune\u202f:", None))
        self.e_name.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_address.setText(QCoreApplication.translate("SettingsPage", u"Adresse de la mairie\u202f:", None))
        self.e_address.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_contact_names.setText(QCoreApplication.translate("SettingsPage", u"Personnes \u00e0 contacter\u202f:", None))
        self.e_contact_names.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_contact_phone.setText(QCoreApplication.translate("SettingsPage", u"T\u00e9l\u00e9phone\u202f:", None))
        self.e_contact_phone.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_contact_email.setText(QCoreApplication.translate("SettingsPage", u"Courriel de contact\u202f:", None))
        self.e_contact_email.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_welcome_message.setText(QCoreApplication.translate("SettingsPage", u"Message d'accueil\u202f:", None))
        self.e_welcome_message.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_info_message.setText(QCoreApplication.translate("SettingsPage", u"Message d'information\u202f:", None))
        self.e_info_message.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_portal_url.setText(QCoreApplication.translate("SettingsPage", u"Adresse du portail\u202f:", None))
        self.f_portal_url.setPlaceholderText(QCoreApplication.translate("SettingsPage", u"https://\u2026", None))
        self.e_portal_url.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_logout_url.setText(QCoreApplication.translate("SettingsPage", u"Retour apr\u00e8s d\u00e9connexion\u202f:", None))
        self.f_logout_url.setPlaceholderText(QCoreApplication.translate("SettingsPage", u"https://\u2026", None))
        self.e_logout_url.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_school_zone.setText(QCoreApplication.translate("SettingsPage", u"Zone scolaire\u202f:", None))
        self.e_school_zone.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_regie_prefix.setText(QCoreApplication.translate("SettingsPage", u"Pr\u00e9fixe de la r\u00e9gie\u202f:", None))
        self.e_regie_prefix.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_invoice_due_days.setText(QCoreApplication.translate("SettingsPage", u"D\u00e9lai de paiement (jours)\u202f:", None))
        self.e_invoice_due_days.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.communeError.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.communeSaveButton.setText(QCoreApplication.translate("SettingsPage", u"Enregistrer", None))
        self.tabs.setTabText(self.tabs.indexOf(self.communeTab), QCoreApplication.translate("SettingsPage", u"Commune et portail", None))
        self.formsIntro.setText(QCoreApplication.translate("SettingsPage", u"Documents PDF que les familles peuvent t\u00e9l\u00e9charger sur le portail (5 Mo au plus chacun).", None))
#if QT_CONFIG(accessibility)
        self.formList.setAccessibleName(QCoreApplication.translate("SettingsPage", u"Formulaires t\u00e9l\u00e9chargeables", None))
#endif // QT_CONFIG(accessibility)
        self.addFormButton.setText(QCoreApplication.translate("SettingsPage", u"Ajouter un PDF\u2026", None))
        self.renameFormButton.setText(QCoreApplication.translate("SettingsPage", u"Renommer\u2026", None))
        self.removeFormButton.setText(QCoreApplication.translate("SettingsPage", u"Retirer", None))
        self.tabs.setTabText(self.tabs.indexOf(self.formsTab), QCoreApplication.translate("SettingsPage", u"Formulaires", None))
#if QT_CONFIG(accessibility)
        self.serviceTree.setAccessibleName(QCoreApplication.translate("SettingsPage", u"Structures et prestations", None))
#endif // QT_CONFIG(accessibility)
        self.addStructureButton.setText(QCoreApplication.translate("SettingsPage", u"Nouvelle structure\u2026", None))
        self.renameStructureButton.setText(QCoreApplication.translate("SettingsPage", u"Renommer\u2026", None))
        self.addServiceButton.setText(QCoreApplication.translate("SettingsPage", u"Nouvelle prestation\u2026", None))
        self.editServiceButton.setText(QCoreApplication.translate("SettingsPage", u"Modifier\u2026", None))
        self.deleteServiceButton.setText(QCoreApplication.translate("SettingsPage", u"Supprimer", None))
        self.tabs.setTabText(self.tabs.indexOf(self.servicesTab), QCoreApplication.translate("SettingsPage", u"Structures et prestations", None))
        self.smtpIntro.setText(QCoreApplication.translate("SettingsPage", u"Serveur d'envoi des courriels aux familles (avis de nouveau message). Le mot de passe est gard\u00e9 dans le trousseau de ce poste, jamais dans la base ni dans un fichier\u202f; laissez-le vide pour garder celui qui est enregistr\u00e9.", None))
        self.l_smtp_host.setText(QCoreApplication.translate("SettingsPage", u"Serveur SMTP\u202f:", None))
        self.f_smtp_host.setPlaceholderText(QCoreApplication.translate("SettingsPage", u"smtp.exemple.fr", None))
        self.e_smtp_host.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_smtp_port.setText(QCoreApplication.translate("SettingsPage", u"Port\u202f:", None))
        self.e_smtp_port.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_smtp_starttls.setText(QCoreApplication.translate("SettingsPage", u"Chiffrement STARTTLS\u202f:", None))
        self.e_smtp_starttls.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_smtp_user.setText(QCoreApplication.translate("SettingsPage", u"Utilisateur\u202f:", None))
        self.e_smtp_user.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_smtp_password.setText(QCoreApplication.translate("SettingsPage", u"Mot de passe\u202f:", None))
        self.e_smtp_password.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_smtp_sender.setText(QCoreApplication.translate("SettingsPage", u"Adresse d'exp\u00e9dition\u202f:", None))
        self.e_smtp_sender.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.forgetSmtpPassword.setText(QCoreApplication.translate("SettingsPage", u"Oublier le mot de passe enregistr\u00e9", None))
        self.smtpError.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.smtpSaveButton.setText(QCoreApplication.translate("SettingsPage", u"Enregistrer", None))
        self.tabs.setTabText(self.tabs.indexOf(self.smtpTab), QCoreApplication.translate("SettingsPage", u"Courriel", None))
        self.localRadio.setText(QCoreApplication.translate("SettingsPage", u"Ce poste seulement (SQLite)", None))
        self.sharedRadio.setText(QCoreApplication.translate("SettingsPage", u"Serveur partag\u00e9 de la mairie (PostgreSQL)", None))
        self.l_db_path.setText(QCoreApplication.translate("SettingsPage", u"Fichier\u202f:", None))
        self.e_db_path.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_db_host.setText(QCoreApplication.translate("SettingsPage", u"Serveur\u202f:", None))
        self.e_db_host.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_db_port.setText(QCoreApplication.translate("SettingsPage", u"Port\u202f:", None))
        self.f_db_port.setPlaceholderText(QCoreApplication.translate("SettingsPage", u"5432", None))
        self.e_db_port.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_db_name.setText(QCoreApplication.translate("SettingsPage", u"Base\u202f:", None))
        self.e_db_name.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_db_user.setText(QCoreApplication.translate("SettingsPage", u"Utilisateur\u202f:", None))
        self.e_db_user.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.l_db_password.setText(QCoreApplication.translate("SettingsPage", u"Mot de passe\u202f:", None))
        self.e_db_password.setStyleSheet(QCoreApplication.translate("SettingsPage", u"color: #b00020;", None))
        self.testConnectionButton.setText(QCoreApplication.translate("SettingsPage", u"Tester la connexion", None))
        self.databaseSaveButton.setText(QCoreApplication.translate("SettingsPage", u"Enregistrer pour ce poste", None))
        self.tabs.setTabText(self.tabs.indexOf(self.databaseTab), QCoreApplication.translate("SettingsPage", u"Base de donn\u00e9es", None))
#if QT_CONFIG(accessibility)
        self.staffTable.setAccessibleName(QCoreApplication.translate("SettingsPage", u"Comptes du personnel", None))
#endif // QT_CONFIG(accessibility)
        self.addStaffButton.setText(QCoreApplication.translate("SettingsPage", u"Nouveau compte\u2026", None))
        self.editStaffButton.setText(QCoreApplication.translate("SettingsPage", u"Modifier le profil\u2026", None))
        self.resetStaffButton.setText(QCoreApplication.translate("SettingsPage", u"Nouveau mot de passe\u2026", None))
        self.toggleStaffButton.setText(QCoreApplication.translate("SettingsPage", u"D\u00e9sactiver", None))
        self.tabs.setTabText(self.tabs.indexOf(self.staffTab), QCoreApplication.translate("SettingsPage", u"Comptes du personnel", None))
    # retranslateUi

