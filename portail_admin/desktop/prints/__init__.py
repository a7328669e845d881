"""The printed lists from the desktop: the monthly attendance sheet of a service, the daily
list of a structure, the meal counts of the canteens (documents made by core.reports).

- documents.py: what is asked, the long op that builds it, the suggested file names;
- choices.py: the services and structures offered;
- fields.py and *_dialog.py: the parameter dialogs;
- preview.py: the pages, « Imprimer… », « Enregistrer… »;
- printouts.py: dialog → long op → preview; menu.py: the main window's « Impressions » menu.
"""
