# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'child_form.ui'
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
    QFormLayout, QGroupBox, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QSpacerItem, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget)

class Ui_ChildForm(object):
    def setupUi(self, ChildForm):
        if not ChildForm.objectName():
            ChildForm.setObjectName(u"ChildForm")
        self.outer = QVBoxLayout(ChildForm)
        self.outer.setObjectName(u"outer")
        self.identityBox = QGroupBox(ChildForm)
        self.identityBox.setObjectName(u"identityBox")
        self.identityForm = QFormLayout(self.identityBox)
        self.identityForm.setObjectName(u"identityForm")
        self.identityForm.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.identityForm.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.identityForm.setHorizontalSpacing(10)
        self.identityForm.setVerticalSpacing(6)
        self.l_last_name = QLabel(self.identityBox)
        self.l_last_name.setObjectName(u"l_last_name")

        self.identityForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.l_last_name)

        self.v_last_name = QVBoxLayout()
        self.v_last_name.setSpacing(1)
        self.v_last_name.setObjectName(u"v_last_name")
        self.f_last_name = QLineEdit(self.identityBox)
        self.f_last_name.setObjectName(u"f_last_name")

        self.v_last_name.addWidget(self.f_last_name)

        self.e_last_name = QLabel(self.identityBox)
        self.e_last_name.setObjectName(u"e_last_name")
        self.e_last_name.setVisible(False)
        self.e_last_name.setWordWrap(True)

        self.v_last_name.addWidget(self.e_last_name)


        self.identityForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.v_last_name)

        self.l_first_name = QLabel(self.identityBox)
        self.l_first_name.setObjectName(u"l_first_name")

        self.identityForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.l_first_name)

        self.v_first_name = QVBoxLayout()
        self.v_first_name.setSpacing(1)
        self.v_first_name.setObjectName(u"v_first_name")
        self.f_first_name = QLineEdit(self.identityBox)
        self.f_first_name.setObjectName(u"f_first_name")

        self.v_first_name.addWidget(self.f_first_name)

        self.e_first_name = QLabel(self.identityBox)
        self.e_first_name.setObjectName(u"e_first_name")
        self.e_first_name.setVisible(False)
        self.e_first_name.setWordWrap(True)

        self.v_first_name.addWidget(self.e_first_name)


        self.identityForm.setLayout(1, QFormLayout.ItemRole.FieldRole, self.v_first_name)

        self.l_birth_date = QLabel(self.identityBox)
        self.l_birth_date.setObjectName(u"l_birth_date")

        self.identityForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.l_birth_date)

        self.v_birth_date = QVBoxLayout()
        self.v_birth_date.setSpacing(1)
        self.v_birth_date.setObjectName(u"v_birth_date")
        self.f_birth_date = QLineEdit(self.identityBox)
        self.f_birth_date.setObjectName(u"f_birth_date")
        self.f_birth_date.setMaximumSize(QSize(140, 16777215))

        self.v_birth_date.addWidget(self.f_birth_date)

        self.e_birth_date = QLabel(self.identityBox)
        self.e_birth_date.setObjectName(u"e_birth_date")
        self.e_birth_date.setVisible(False)
        self.e_birth_date.setWordWrap(True)

        self.v_birth_date.addWidget(self.e_birth_date)


        self.identityForm.setLayout(2, QFormLayout.ItemRole.FieldRole, self.v_birth_date)

        self.l_sex = QLabel(self.identityBox)
        self.l_sex.setObjectName(u"l_sex")

        self.identityForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.l_sex)

        self.v_sex = QVBoxLayout()
        self.v_sex.setSpacing(1)
        self.v_sex.setObjectName(u"v_sex")
        self.f_sex = QComboBox(self.identityBox)
        self.f_sex.setObjectName(u"f_sex")
        self.f_sex.setMinimumSize(QSize(160, 0))

        self.v_sex.addWidget(self.f_sex)

        self.e_sex = QLabel(self.identityBox)
        self.e_sex.setObjectName(u"e_sex")
        self.e_sex.setVisible(False)
        self.e_sex.setWordWrap(True)

        self.v_sex.addWidget(self.e_sex)


        self.identityForm.setLayout(3, QFormLayout.ItemRole.FieldRole, self.v_sex)

        self.l_school = QLabel(self.identityBox)
        self.l_school.setObjectName(u"l_school")

        self.identityForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.l_school)

        self.v_school = QVBoxLayout()
        self.v_school.setSpacing(1)
        self.v_school.setObjectName(u"v_school")
        self.f_school = QLineEdit(self.identityBox)
        self.f_school.setObjectName(u"f_school")

        self.v_school.addWidget(self.f_school)

        self.e_school = QLabel(self.identityBox)
        self.e_school.setObjectName(u"e_school")
        self.e_school.setVisible(False)
        self.e_school.setWordWrap(True)

        self.v_school.addWidget(self.e_school)


        self.identityForm.setLayout(4, QFormLayout.ItemRole.FieldRole, self.v_school)

        self.l_school_class = QLabel(self.identityBox)
        self.l_school_class.setObjectName(u"l_school_class")

        self.identityForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.l_school_class)

        self.v_school_class = QVBoxLayout()
        self.v_school_class.setSpacing(1)
        self.v_school_class.setObjectName(u"v_school_class")
        self.f_school_class = QLineEdit(self.identityBox)
        self.f_school_class.setObjectName(u"f_school_class")

        self.v_school_class.addWidget(self.f_school_class)

        self.e_school_class = QLabel(self.identityBox)
        self.e_school_class.setObjectName(u"e_school_class")
        self.e_school_class.setVisible(False)
        self.e_school_class.setWordWrap(True)

        self.v_school_class.addWidget(self.e_school_class)


        self.identityForm.setLayout(5, QFormLayout.ItemRole.FieldRole, self.v_school_class)

        self.l_wears_glasses = QLabel(self.identityBox)
        self.l_wears_glasses.setObjectName(u"l_wears_glasses")

        self.identityForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.l_wears_glasses)

        self.v_wears_glasses = QVBoxLayout()
        self.v_wears_glasses.setSpacing(1)
        self.v_wears_glasses.setObjectName(u"v_wears_glasses")
        self.f_wears_glasses = QCheckBox(self.identityBox)
        self.f_wears_glasses.setObjectName(u"f_wears_glasses")

        self.v_wears_glasses.addWidget(self.f_wears_glasses)

        self.e_wears_glasses = QLabel(self.identityBox)
        self.e_wears_glasses.setObjectName(u"e_wears_glasses")
        self.e_wears_glasses.setVisible(False)
        self.e_wears_glasses.setWordWrap(True)

        self.v_wears_glasses.addWidget(self.e_wears_glasses)


        self.identityForm.setLayout(6, QFormLayout.ItemRole.FieldRole, self.v_wears_glasses)


        self.outer.addWidget(self.identityBox)

        self.consentBox = QGroupBox(ChildForm)
        self.consentBox.setObjectName(u"consentBox")
        self.consentForm = QFormLayout(self.consentBox)
        self.consentForm.setObjectName(u"consentForm")
        self.consentForm.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.consentForm.setLabelAlignment(Qt.AlignRight|Qt.AlignVCenter)
        self.consentForm.setHorizontalSpacing(10)
        self.consentForm.setVerticalSpacing(6)
        self.l_consent_photo = QLabel(self.consentBox)
        self.l_consent_photo.setObjectName(u"l_consent_photo")

        self.consentForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.l_consent_photo)

        self.v_consent_photo = QVBoxLayout()
        self.v_consent_photo.setSpacing(1)
        self.v_consent_photo.setObjectName(u"v_consent_photo")
        self.f_consent_photo = QCheckBox(self.consentBox)
        self.f_consent_photo.setObjectName(u"f_consent_photo")

        self.v_consent_photo.addWidget(self.f_consent_photo)

        self.e_consent_photo = QLabel(self.consentBox)
        self.e_consent_photo.setObjectName(u"e_consent_photo")
        self.e_consent_photo.setVisible(False)
        self.e_consent_photo.setWordWrap(True)

        self.v_consent_photo.addWidget(self.e_consent_photo)


        self.consentForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.v_consent_photo)

        self.l_consent_outings = QLabel(self.consentBox)
        self.l_consent_outings.setObjectName(u"l_consent_outings")

        self.consentForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.l_consent_outings)

        self.v_consent_outings = QVBoxLayout()
        self.v_consent_outings.setSpacing(1)
        self.v_consent_outings.setObjectName(u"v_consent_outings")
        self.f_consent_outings = QCheckBox(self.consentBox)
        self.f_consent_outings.setObjectName(u"f_consent_outings")

        self.v_consent_outings.addWidget(self.f_consent_outings)

        self.e_consent_outings = QLabel(self.consentBox)
        self.e_consent_outings.setObjectName(u"e_consent_outings")
        self.e_consent_outings.setVisible(False)
        self.e_consent_outings.setWordWrap(True)

        self.v_consent_outings.addWidget(self.e_consent_outings)


        self.consentForm.setLayout(1, QFormLayout.ItemRole.FieldRole, self.v_consent_outings)

        self.l_consent_medical_care = QLabel(self.consentBox)
        self.l_consent_medical_care.setObjectName(u"l_consent_medical_care")

        self.consentForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.l_consent_medical_care)

        self.v_consent_medical_care = QVBoxLayout()
        self.v_consent_medical_care.setSpacing(1)
        self.v_consent_medical_care.setObjectName(u"v_consent_medical_care")
        self.f_consent_medical_care = QCheckBox(self.consentBox)
        self.f_consent_medical_care.setObjectName(u"f_consent_medical_care")

        self.v_consent_medical_care.addWidget(self.f_consent_medical_care)

        self.e_consent_medical_care = QLabel(self.consentBox)
        self.e_consent_medical_care.setObjectName(u"e_consent_medical_care")
        self.e_consent_medical_care.setVisible(False)
        self.e_consent_medical_care.setWordWrap(True)

        self.v_consent_medical_care.addWidget(self.e_consent_medical_care)


        self.consentForm.setLayout(2, QFormLayout.ItemRole.FieldRole, self.v_consent_medical_care)

        self.l_consent_leave_alone = QLabel(self.consentBox)
        self.l_consent_leave_alone.setObjectName(u"l_consent_leave_alone")

        self.consentForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.l_consent_leave_alone)

        self.v_consent_leave_alone = QVBoxLayout()
        self.v_consent_leave_alone.setSpacing(1)
        self.v_consent_leave_alone.setObjectName(u"v_consent_leave_alone")
        self.f_consent_leave_alone = QCheckBox(self.consentBox)
        self.f_consent_leave_alone.setObjectName(u"f_consent_leave_alone")

        self.v_consent_leave_alone.addWidget(self.f_consent_leave_alone)

        self.e_consent_leave_alone = QLabel(self.consentBox)
        self.e_consent_leave_alone.setObjectName(u"e_consent_leave_alone")
        self.e_consent_leave_alone.setVisible(False)
        self.e_consent_leave_alone.setWordWrap(True)

        self.v_consent_leave_alone.addWidget(self.e_consent_leave_alone)


        self.consentForm.setLayout(3, QFormLayout.ItemRole.FieldRole, self.v_consent_leave_alone)


        self.outer.addWidget(self.consentBox)

        self.personsBox = QGroupBox(ChildForm)
        self.personsBox.setObjectName(u"personsBox")
        self.personsLayout = QVBoxLayout(self.personsBox)
        self.personsLayout.setObjectName(u"personsLayout")
        self.personsTable = QTableWidget(self.personsBox)
        if (self.personsTable.columnCount() < 4):
            self.personsTable.setColumnCount(4)
        __qtablewidgetitem = QTableWidgetItem()
        self.personsTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.personsTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.personsTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.personsTable.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        self.personsTable.setObjectName(u"personsTable")
        self.personsTable.setColumnCount(4)
        self.personsTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.personsTable.setMinimumSize(QSize(0, 110))

        self.personsLayout.addWidget(self.personsTable)

        self.personsError = QLabel(self.personsBox)
        self.personsError.setObjectName(u"personsError")
        self.personsError.setVisible(False)
        self.personsError.setWordWrap(True)

        self.personsLayout.addWidget(self.personsError)

        self.personsButtons = QHBoxLayout()
        self.personsButtons.setObjectName(u"personsButtons")
        self.addPersonButton = QPushButton(self.personsBox)
        self.addPersonButton.setObjectName(u"addPersonButton")

        self.personsButtons.addWidget(self.addPersonButton)

        self.removePersonButton = QPushButton(self.personsBox)
        self.removePersonButton.setObjectName(u"removePersonButton")

        self.personsButtons.addWidget(self.removePersonButton)

        self.personsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.personsButtons.addItem(self.personsSpacer)


        self.personsLayout.addLayout(self.personsButtons)


        self.outer.addWidget(self.personsBox)

        self.healthBox = QGroupBox(ChildForm)
        self.healthBox.setObjectName(u"healthBox")
        self.healthLayout = QVBoxLayout(self.healthBox)
        self.healthLayout.setObjectName(u"healthLayout")
        self.healthHiddenLabel = QLabel(self.healthBox)
        self.healthHiddenLabel.setObjectName(u"healthHiddenLabel")

        self.healthLayout.addWidget(self.healthHiddenLabel)

        self.showHealthButton = QPushButton(self.healthBox)
        self.showHealthButton.setObjectName(u"showHealthButton")

        self.healthLayout.addWidget(self.showHealthButton)

        self.healthHost = QWidget(self.healthBox)
        self.healthHost.setObjectName(u"healthHost")

        self.healthLayout.addWidget(self.healthHost)


        self.outer.addWidget(self.healthBox)

#if QT_CONFIG(shortcut)
        self.l_last_name.setBuddy(self.f_last_name)
        self.l_first_name.setBuddy(self.f_first_name)
        self.l_birth_date.setBuddy(self.f_birth_date)
        self.l_sex.setBuddy(self.f_sex)
        self.l_school.setBuddy(self.f_school)
        self.l_school_class.setBuddy(self.f_school_class)
        self.l_wears_glasses.setBuddy(self.f_wears_glasses)
        self.l_consent_photo.setBuddy(self.f_consent_photo)
        self.l_consent_outings.setBuddy(self.f_consent_outings)
        self.l_consent_medical_care.setBuddy(self.f_consent_medical_care)
        self.l_consent_leave_alone.setBuddy(self.f_consent_leave_alone)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ChildForm)

        QMetaObject.connectSlotsByName(ChildForm)
    # setupUi

    def retranslateUi(self, ChildForm):
        ChildForm.setWindowTitle(QCoreApplication.translate("ChildForm", u"Enfant", None))
        self.identityBox.setTitle(QCoreApplication.translate("ChildForm", u"Identit\u00e9 et scolarit\u00e9", None))
        self.l_last_name.setText(QCoreApplication.translate("ChildForm", u"Nom\u202f:", None))
        self.e_last_name.setStyleSheet(QCoreApplication.translate("ChildForm", u"color: #b00020;", None))
        self.l_first_name.setText(QCoreApplication.translate("ChildForm", u"Pr\u00e9nom\u202f:", None))
        self.e_first_name.setStyleSheet(QCoreApplication.translate("ChildForm", u"color: #b00020;", None))
        self.l_birth_date.setText(QCoreApplication.translate("ChildForm", u"Date de naissance\u202f:", None))
        self.f_birth_date.setPlaceholderText(QCoreApplication.translate("ChildForm", u"JJ/MM/AAAA", None))
        self.e_birth_date.setStyleSheet(QCoreApplication.translate("ChildForm", u"color: #b00020;", None))
        self.l_sex.setText(QCoreApplication.translate("ChildForm", u"Sexe\u202f:", None))
        self.e_sex.setStyleSheet(QCoreApplication.translate("ChildForm", u"color: #b00020;", None))
        self.l_school.setText(QCoreApplication.translate("ChildForm", u"\u00c9cole\u202f:", None))
        self.e_school.setStyleSheet(QCoreApplication.translate("ChildForm", u"color: #b00020;", None))
        self.l_school_class.setText(QCoreApplication.translate("ChildForm", u"Classe\u202f:", None))
        self.e_school_class.setStyleSheet(QCoreApplication.translate("ChildForm", u"color: #b00020;", None))
        self.l_wears_glasses.setText(QCoreApplication.translate("ChildForm", u"Port de lunettes\u202f:", None))
        self.e_wears_glasses.setStyleSheet(QCoreApplication.translate("ChildForm", u"color: #b00020;", None))
        self.consentBox.setTitle(QCoreApplication.translate("ChildForm", u"Autorisations", None))
        self.l_consent_photo.setText(QCoreApplication.translate("ChildForm", u"Droit \u00e0 l'image\u202f:", None))
        self.e_consent_photo.setStyleSheet(QCoreApplication.translate("ChildForm", u"color: #b00020;", None))
        self.l_consent_outings.setText(QCoreApplication.translate("ChildForm", u"Sorties\u202f:", None))
        self.e_consent_outings.setStyleSheet(QCoreApplication.translate("ChildForm", u"color: #b00020;", None))
        self.l_consent_medical_care.setText(QCoreApplication.translate("ChildForm", u"Soins d'urgence\u202f:", None))
        self.e_consent_medical_care.setStyleSheet(QCoreApplication.translate("ChildForm", u"color: #b00020;", None))
        self.l_consent_leave_alone.setText(QCoreApplication.translate("ChildForm", u"Peut partir seul\u202f:", None))
        self.e_consent_leave_alone.setStyleSheet(QCoreApplication.translate("ChildForm", u"color: #b00020;", None))
        self.personsBox.setTitle(QCoreApplication.translate("ChildForm", u"Personnes autoris\u00e9es \u00e0 venir chercher l'enfant", None))
        ___qtablewidgetitem = self.personsTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("ChildForm", u"Nom", None))
        ___qtablewidgetitem1 = self.personsTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("ChildForm", u"Pr\u00e9nom", None))
        ___qtablewidgetitem2 = self.personsTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("ChildForm", u"Lien avec l'enfant", None))
        ___qtablewidgetitem3 = self.personsTable.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("ChildForm", u"T\u00e9l\u00e9phone", None))
        self.personsError.setStyleSheet(QCoreApplication.translate("ChildForm", u"color: #b00020;", None))
        self.addPersonButton.setText(QCoreApplication.translate("ChildForm", u"Ajouter une personne", None))
        self.removePersonButton.setText(QCoreApplication.translate("ChildForm", u"Retirer la personne s\u00e9lectionn\u00e9e", None))
        self.healthBox.setTitle(QCoreApplication.translate("ChildForm", u"Donn\u00e9es sanitaires (confidentiel)", None))
        self.healthHiddenLabel.setText(QCoreApplication.translate("ChildForm", u"Les donn\u00e9es sanitaires sont masqu\u00e9es.", None))
        self.showHealthButton.setText(QCoreApplication.translate("ChildForm", u"Afficher les donn\u00e9es sanitaires", None))
    # retranslateUi

