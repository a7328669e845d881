"""Every model of the domain, importable from one place."""

from .accounts import LoginAttempt, PortalAccount, PortalLoginSession, StaffUser
from .base import Base, utcnow
from .billing import (
    BilledDay,
    BillingRun,
    Invoice,
    InvoiceDelivery,
    InvoiceLine,
    NumberSequence,
    Payment,
)
from .changelog import ChangeLog, HealthAccess
from .child import AuthorisedPerson, Child, HealthRecord
from .commune import CommuneSettings, DownloadableForm
from .enums import *  # noqa: F403  (the vocabularies belong with the models)
from .family import Family, Guardian
from .message import Message
from .planning import CalendarPeriod, PlanningCell, ServiceDayCapacity
from .request import Request
from .service import Enrolment, Service, Structure, Tariff, TariffBracket, mask_has, weekday_mask

__all__ = [
    "AuthorisedPerson",
    "Base",
    "BilledDay",
    "BillingRun",
    "CalendarPeriod",
    "ChangeLog",
    "Child",
    "CommuneSettings",
    "DownloadableForm",
    "Enrolment",
    "Family",
    "Guardian",
    "HealthAccess",
    "HealthRecord",
    "Invoice",
    "InvoiceDelivery",
    "InvoiceLine",
    "LoginAttempt",
    "Message",
    "NumberSequence",
    "Payment",
    "PlanningCell",
    "ServiceDayCapacity",
    "PortalAccount",
    "PortalLoginSession",
    "Request",
    "Service",
    "StaffUser",
    "Structure",
    "Tariff",
    "TariffBracket",
    "mask_has",
    "utcnow",
    "weekday_mask",
]
