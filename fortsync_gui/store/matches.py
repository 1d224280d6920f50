"""Duplicate matching before the first import: suggested pairs of an Upsales company and a Fortnox customer that
the user accepts or rejects. Accepted pairs are what the engine links instead of creating duplicates."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from .columns import utcnow
from .enums import MatchBasis, MatchStatus
from .errors import MatchConflict
from .models import MatchCandidate, RemoteId, remote_id


def suggest_match(
    session: Session,
    profile_id: int,
    upsales_id: RemoteId,
    fortnox_id: RemoteId,
    *,
    basis: MatchBasis,
    score: float,
    upsales_label: str | None = None,
    fortnox_label: str | None = None,
) -> MatchCandidate:
    """Add a suggestion, or refresh an undecided one; a pair the user already decided keeps its decision."""
    candidate = session.scalars(select(MatchCandidate).where(
        MatchCandidate.profile_id == profile_id, MatchCandidate.upsales_id == remote_id(upsales_id),
        MatchCandidate.fortnox_id == remote_id(fortnox_id))).one_or_none()
    if candidate is None:
        candidate = MatchCandidate(profile_id=profile_id, upsales_id=remote_id(upsales_id),
                                   fortnox_id=remote_id(fortnox_id), status=MatchStatus.SUGGESTED)
        session.add(candidate)
    elif candidate.status is not MatchStatus.SUGGESTED:
        return candidate
    candidate.basis = basis
    candidate.score = score
    candidate.upsales_label = upsales_label
    candidate.fortnox_label = fortnox_label
    session.commit()
    return candidate


def list_matches(session: Session, profile_id: int, status: MatchStatus | None = None) -> list[MatchCandidate]:
    """Best first."""
    statement = select(MatchCandidate).where(MatchCandidate.profile_id == profile_id)
    if status is not None:
        statement = statement.where(MatchCandidate.status == status)
    return list(session.scalars(statement.order_by(MatchCandidate.score.desc(), MatchCandidate.id)))


def accept_match(session: Session, candidate_id: int) -> MatchCandidate:
    """Accept a pair. A record can be in one accepted pair only: the other suggestions sharing either record are
    rejected with it; raises :class:`MatchConflict` if another accepted pair shares one."""
    candidate = _candidate(session, candidate_id)
    rivals = list(session.scalars(select(MatchCandidate).where(
        MatchCandidate.profile_id == candidate.profile_id, MatchCandidate.id != candidate.id,
        or_(MatchCandidate.upsales_id == candidate.upsales_id, MatchCandidate.fortnox_id == candidate.fortnox_id),
    ).execution_options(populate_existing=True)))
    if any(rival.status is MatchStatus.ACCEPTED for rival in rivals):
        raise MatchConflict(f"upsales:{candidate.upsales_id} fortnox:{candidate.fortnox_id}")
    _decide(candidate, MatchStatus.ACCEPTED)
    for rival in rivals:
        if rival.status is MatchStatus.SUGGESTED:
            _decide(rival, MatchStatus.REJECTED)
    session.commit()
    return candidate


def reject_match(session: Session, candidate_id: int) -> MatchCandidate:
    candidate = _candidate(session, candidate_id)
    _decide(candidate, MatchStatus.REJECTED)
    session.commit()
    return candidate


def _candidate(session: Session, candidate_id: int) -> MatchCandidate:
    candidate = session.get(MatchCandidate, candidate_id, populate_existing=True)
    if candidate is None:
        raise LookupError(f"no match candidate {candidate_id}")
    return candidate


def _decide(candidate: MatchCandidate, status: MatchStatus) -> None:
    candidate.status = status
    candidate.decided_at = utcnow()
