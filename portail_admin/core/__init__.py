"""The domain: Qt-free and Flask-free. Imports nothing from desktop or web."""
