"""Use cases: functions that take a Session and return what they changed.

They never open or commit a transaction: the caller wraps one user action in `db.transaction`.
"""
