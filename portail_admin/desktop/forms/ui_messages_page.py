# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'messages_page.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QHBoxLayout,
    QHeaderView, QLabel, QListView, QPushButton,
    QSizePolicy, QSpacerItem, QSplitter, QTableView,
    QTextBrowser, QVBoxLayout, QWidget)

class Ui_MessagesPage(object):
    def setupUi(self, MessagesPage):
        if not MessagesPage.objectName():
            MessagesPage.setObjectName(u"MessagesPage")
        self.pageLayout = QVBoxLayout(MessagesPage)
        self.pageLayout.setObjectName(u"pageLayout")
        self.header = QHBoxLayout()
        self.header.setObjectName(u"header")
        self.titleLabel = QLabel(MessagesPage)
        self.titleLabel.setObjectName(u"titleLabel")

        self.header.addWidget(self.titleLabel)

        self.headerSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.header.addItem(self.headerSpacer)

        self.newButton = QPushButton(MessagesPage)
        self.newButton.setObjectName(u"newButton")

        self.header.addWidget(self.newButton)

        self.serviceButton = QPushButton(MessagesPage)
        self.serviceButton.setObjectName(u"serviceButton")

        self.header.addWidget(self.serviceButton)


        self.pageLayout.addLayout(self.header)

        self.splitter = QSplitter(MessagesPage)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.threadPanel = QWidget(self.splitter)
        self.threadPanel.setObjectName(u"threadPanel")
        self.threadLayout = QVBoxLayout(self.threadPanel)
        self.threadLayout.setObjectName(u"threadLayout")
        self.threadLayout.setContentsMargins(0, 0, 0, 0)
        self.threadFilters = QHBoxLayout()
        self.threadFilters.setObjectName(u"threadFilters")
        self.unreadOnly = QCheckBox(self.threadPanel)
        self.unreadOnly.setObjectName(u"unreadOnly")

        self.threadFilters.addWidget(self.unreadOnly)

        self.showDeleted = QCheckBox(self.threadPanel)
        self.showDeleted.setObjectName(u"showDeleted")

        self.threadFilters.addWidget(self.showDeleted)

        self.threadSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.threadFilters.addItem(self.threadSpacer)


        self.threadLayout.addLayout(self.threadFilters)

        self.threadTable = QTableView(self.threadPanel)
        self.threadTable.setObjectName(u"threadTable")
        self.threadTable.setAlternatingRowColors(True)
        self.threadTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.threadTable.setSelectionMode(QAbstractItemView.SingleSelection)
        self.threadTable.setEditTriggers(QAbstractItemView.NoEditTriggers)

        self.threadLayout.addWidget(self.threadTable)

        self.threadCountLabel = QLabel(self.threadPanel)
        self.threadCountLabel.setObjectName(u"threadCountLabel")

        self.threadLayout.addWidget(self.threadCountLabel)

        self.splitter.addWidget(self.threadPanel)
        self.conversationPanel = QWidget(self.splitter)
        self.conversationPanel.setObjectName(u"conversationPanel")
        self.conversationLayout = QVBoxLayout(self.conversationPanel)
        self.conversationLayout.setObjectName(u"conversationLayout")
        self.conversationLayout.setContentsMargins(0, 0, 0, 0)
        self.familyTitle = QLabel(self.conversationPanel)
        self.familyTitle.setObjectName(u"familyTitle")
        self.familyTitle.setWordWrap(True)

        self.conversationLayout.addWidget(self.familyTitle)

        self.messageList = QListView(self.conversationPanel)
        self.messageList.setObjectName(u"messageList")
        self.messageList.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.messageList.setAlternatingRowColors(True)

        self.conversationLayout.addWidget(self.messageList)

        self.messageView = QTextBrowser(self.conversationPanel)
        self.messageView.setObjectName(u"messageView")

        self.conversationLayout.addWidget(self.messageView)

        self.messageButtons = QHBoxLayout()
        self.messageButtons.setObjectName(u"messageButtons")
        self.replyButton = QPushButton(self.conversationPanel)
        self.replyButton.setObjectName(u"replyButton")

        self.messageButtons.addWidget(self.replyButton)

        self.writeButton = QPushButton(self.conversationPanel)
        self.writeButton.setObjectName(u"writeButton")

        self.messageButtons.addWidget(self.writeButton)

        self.deleteButton = QPushButton(self.conversationPanel)
        self.deleteButton.setObjectName(u"deleteButton")

        self.messageButtons.addWidget(self.deleteButton)

        self.restoreButton = QPushButton(self.conversationPanel)
        self.restoreButton.setObjectName(u"restoreButton")

        self.messageButtons.addWidget(self.restoreButton)

        self.messageSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.messageButtons.addItem(self.messageSpacer)


        self.conversationLayout.addLayout(self.messageButtons)

        self.statusLabel = QLabel(self.conversationPanel)
        self.statusLabel.setObjectName(u"statusLabel")
        self.statusLabel.setWordWrap(True)

        self.conversationLayout.addWidget(self.statusLabel)

        self.splitter.addWidget(self.conversationPanel)

        self.pageLayout.addWidget(self.splitter)


        self.retranslateUi(MessagesPage)

        QMetaObject.connectSlotsByName(MessagesPage)
    # setupUi

    def retranslateUi(self, MessagesPage):
        MessagesPage.setWindowTitle(QCoreApplication.translate("MessagesPage", u"Messages", None))
        self.titleLabel.setText(QCoreApplication.translate("MessagesPage", u"Messages", None))
        self.titleLabel.setStyleSheet(QCoreApplication.translate("MessagesPage", u"font-size: 16pt; font-weight: bold;", None))
        self.newButton.setText(QCoreApplication.translate("MessagesPage", u"Nouveau message\u2026", None))
        self.serviceButton.setText(QCoreApplication.translate("MessagesPage", u"\u00c9crire aux familles d'une prestation\u2026", None))
        self.unreadOnly.setText(QCoreApplication.translate("MessagesPage", u"Non lus seulement", None))
        self.showDeleted.setText(QCoreApplication.translate("MessagesPage", u"Messages supprim\u00e9s", None))
#if QT_CONFIG(accessibility)
        self.threadTable.setAccessibleName(QCoreApplication.translate("MessagesPage", u"Familles et leurs messages", None))
#endif // QT_CONFIG(accessibility)
        self.familyTitle.setStyleSheet(QCoreApplication.translate("MessagesPage", u"font-size: 12pt; font-weight: bold;", None))
#if QT_CONFIG(accessibility)
        self.messageList.setAccessibleName(QCoreApplication.translate("MessagesPage", u"Messages de la famille", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.messageView.setAccessibleName(QCoreApplication.translate("MessagesPage", u"Message", None))
#endif // QT_CONFIG(accessibility)
        self.replyButton.setText(QCoreApplication.translate("MessagesPage", u"R\u00e9pondre\u2026", None))
        self.writeButton.setText(QCoreApplication.translate("MessagesPage", u"\u00c9crire \u00e0 cette famille\u2026", None))
        self.deleteButton.setText(QCoreApplication.translate("MessagesPage", u"Supprimer", None))
        self.restoreButton.setText(QCoreApplication.translate("MessagesPage", u"Restaurer", None))
    # retranslateUi

