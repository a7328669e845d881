# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'motive_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QLabel, QPlainTextEdit, QSizePolicy, QVBoxLayout,
    QWidget)

class Ui_MotiveDialog(object):
    def setupUi(self, MotiveDialog):
        if not MotiveDialog.objectName():
            MotiveDialog.setObjectName(u"MotiveDialog")
        MotiveDialog.setMinimumSize(QSize(460, 260))
        self.outer = QVBoxLayout(MotiveDialog)
        self.outer.setObjectName(u"outer")
        self.introLabel = QLabel(MotiveDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.outer.addWidget(self.introLabel)

        self.f_motive = QPlainTextEdit(MotiveDialog)
        self.f_motive.setObjectName(u"f_motive")

        self.outer.addWidget(self.f_motive)

        self.e_motive = QLabel(MotiveDialog)
        self.e_motive.setObjectName(u"e_motive")
        self.e_motive.setVisible(False)
        self.e_motive.setWordWrap(True)

        self.outer.addWidget(self.e_motive)

        self.buttonBox = QDialogButtonBox(MotiveDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.outer.addWidget(self.buttonBox)


        self.retranslateUi(MotiveDialog)

        QMetaObject.connectSlotsByName(MotiveDialog)
    # setupUi

    def retranslateUi(self, MotiveDialog):
        MotiveDialog.setWindowTitle(QCoreApplication.translate("MotiveDialog", u"Refuser la demande", None))
        self.introLabel.setText(QCoreApplication.translate("MotiveDialog", u"Motif du refus (la famille le lira dans sa liste des demandes)\u202f:", None))
#if QT_CONFIG(accessibility)
        self.f_motive.setAccessibleName(QCoreApplication.translate("MotiveDialog", u"Motif du refus", None))
#endif // QT_CONFIG(accessibility)
        self.e_motive.setStyleSheet(QCoreApplication.translate("MotiveDialog", u"color: #b00020;", None))
    # retranslateUi

