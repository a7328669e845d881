# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'compose_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QPlainTextEdit, QRadioButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_ComposeDialog(object):
    def setupUi(self, ComposeDialog):
        if not ComposeDialog.objectName():
            ComposeDialog.setObjectName(u"ComposeDialog")
        ComposeDialog.setMinimumSize(QSize(620, 460))
        self.outer = QVBoxLayout(ComposeDialog)
        self.outer.setObjectName(u"outer")
        self.recipientForm = QFormLayout()
        self.recipientForm.setObjectName(u"recipientForm")
        self.recipientForm.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.recipientForm.setLabelAlignment(Qt.AlignRight|Qt.AlignTop)
        self.l_recipient = QLabel(ComposeDialog)
        self.l_recipient.setObjectName(u"l_recipient")

        self.recipientForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.l_recipient)

        self.v_recipient = QVBoxLayout()
        self.v_recipient.setSpacing(4)
        self.v_recipient.setObjectName(u"v_recipient")
        self.recipientChoice = QHBoxLayout()
        self.recipientChoice.setObjectName(u"recipientChoice")
        self.toFamilyRadio = QRadioButton(ComposeDialog)
        self.toFamilyRadio.setObjectName(u"toFamilyRadio")
        self.toFamilyRadio.setChecked(True)

        self.recipientChoice.addWidget(self.toFamilyRadio)

        self.toServiceRadio = QRadioButton(ComposeDialog)
        self.toServiceRadio.setObjectName(u"toServiceRadio")

        self.recipientChoice.addWidget(self.toServiceRadio)

        self.recipientSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.recipientChoice.addItem(self.recipientSpacer)


        self.v_recipient.addLayout(self.recipientChoice)

        self.familyRow = QHBoxLayout()
        self.familyRow.setObjectName(u"familyRow")
        self.familySearch = QLineEdit(ComposeDialog)
        self.familySearch.setObjectName(u"familySearch")
        self.familySearch.setClearButtonEnabled(True)

        self.familyRow.addWidget(self.familySearch)

        self.f_family = QComboBox(ComposeDialog)
        self.f_family.setObjectName(u"f_family")
        self.f_family.setMinimumSize(QSize(260, 0))

        self.familyRow.addWidget(self.f_family)


        self.v_recipient.addLayout(self.familyRow)

        self.f_service = QComboBox(ComposeDialog)
        self.f_service.setObjectName(u"f_service")

        self.v_recipient.addWidget(self.f_service)

        self.recipientLabel = QLabel(ComposeDialog)
        self.recipientLabel.setObjectName(u"recipientLabel")
        self.recipientLabel.setWordWrap(True)

        self.v_recipient.addWidget(self.recipientLabel)

        self.e_family = QLabel(ComposeDialog)
        self.e_family.setObjectName(u"e_family")
        self.e_family.setVisible(False)
        self.e_family.setWordWrap(True)

        self.v_recipient.addWidget(self.e_family)


        self.recipientForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.v_recipient)

        self.l_subject = QLabel(ComposeDialog)
        self.l_subject.setObjectName(u"l_subject")

        self.recipientForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.l_subject)

        self.v_subject = QVBoxLayout()
        self.v_subject.setSpacing(1)
        self.v_subject.setObjectName(u"v_subject")
        self.f_subject = QLineEdit(ComposeDialog)
        self.f_subject.setObjectName(u"f_subject")

        self.v_subject.addWidget(self.f_subject)

        self.e_subject = QLabel(ComposeDialog)
        self.e_subject.setObjectName(u"e_subject")
        self.e_subject.setVisible(False)
        self.e_subject.setWordWrap(True)

        self.v_subject.addWidget(self.e_subject)


        self.recipientForm.setLayout(1, QFormLayout.ItemRole.FieldRole, self.v_subject)

        self.l_body = QLabel(ComposeDialog)
        self.l_body.setObjectName(u"l_body")

        self.recipientForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.l_body)

        self.v_body = QVBoxLayout()
        self.v_body.setSpacing(1)
        self.v_body.setObjectName(u"v_body")
        self.f_body = QPlainTextEdit(ComposeDialog)
        self.f_body.setObjectName(u"f_body")

        self.v_body.addWidget(self.f_body)

        self.e_body = QLabel(ComposeDialog)
        self.e_body.setObjectName(u"e_body")
        self.e_body.setVisible(False)
        self.e_body.setWordWrap(True)

        self.v_body.addWidget(self.e_body)


        self.recipientForm.setLayout(2, QFormLayout.ItemRole.FieldRole, self.v_body)


        self.outer.addLayout(self.recipientForm)

        self.errorLabel = QLabel(ComposeDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setVisible(False)
        self.errorLabel.setWordWrap(True)

        self.outer.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(ComposeDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.outer.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.l_subject.setBuddy(self.f_subject)
        self.l_body.setBuddy(self.f_body)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ComposeDialog)

        QMetaObject.connectSlotsByName(ComposeDialog)
    # setupUi

    def retranslateUi(self, ComposeDialog):
        ComposeDialog.setWindowTitle(QCoreApplication.translate("ComposeDialog", u"Nouveau message", None))
        self.l_recipient.setText(QCoreApplication.translate("ComposeDialog", u"Destinataire\u202f:", None))
        self.toFamilyRadio.setText(QCoreApplication.translate("ComposeDialog", u"Une famille", None))
        self.toServiceRadio.setText(QCoreApplication.translate("ComposeDialog", u"Toutes les familles inscrites \u00e0 une prestation", None))
        self.familySearch.setPlaceholderText(QCoreApplication.translate("ComposeDialog", u"Rechercher une famille\u202f: nom, N\u00b0 famille\u2026", None))
#if QT_CONFIG(accessibility)
        self.f_family.setAccessibleName(QCoreApplication.translate("ComposeDialog", u"Famille", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.f_service.setAccessibleName(QCoreApplication.translate("ComposeDialog", u"Prestation", None))
#endif // QT_CONFIG(accessibility)
        self.recipientLabel.setStyleSheet(QCoreApplication.translate("ComposeDialog", u"color: #555;", None))
        self.e_family.setStyleSheet(QCoreApplication.translate("ComposeDialog", u"color: #b00020;", None))
        self.l_subject.setText(QCoreApplication.translate("ComposeDialog", u"Objet\u202f:", None))
        self.e_subject.setStyleSheet(QCoreApplication.translate("ComposeDialog", u"color: #b00020;", None))
        self.l_body.setText(QCoreApplication.translate("ComposeDialog", u"Message\u202f:", None))
        self.e_body.setStyleSheet(QCoreApplication.translate("ComposeDialog", u"color: #b00020;", None))
        self.errorLabel.setStyleSheet(QCoreApplication.translate("ComposeDialog", u"color: #b00020;", None))
    # retranslateUi

