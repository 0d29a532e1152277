from partners.models.agreement_document import AgreementDocument
from partners.models.place import Place, PlaceKind, PlacePicture
from partners.models.relationship import (
    Agreement,
    Chain,
    DatePrecision,
    NordicMeeting,
    PeerMunicipality,
    Relationship,
    RelationshipKind,
    RelationshipStatus,
    StatusChange,
)
from partners.models.visit import ContactAbroad, Direction, Visit, VisitParticipant

__all__ = [
    "Agreement",
    "AgreementDocument",
    "Chain",
    "ContactAbroad",
    "DatePrecision",
    "Direction",
    "NordicMeeting",
    "PeerMunicipality",
    "Place",
    "PlaceKind",
    "PlacePicture",
    "Relationship",
    "RelationshipKind",
    "RelationshipStatus",
    "StatusChange",
    "Visit",
    "VisitParticipant",
]
