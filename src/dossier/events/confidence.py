"""How much to trust an event: a number in [0, 1] from its evidence.

A mention's evidence score is the product of four factors, each in (0, 1]:

- **trigger strength** — from the lexicon entry (``strength``): 0.9–1.0 for words that
  name one kind of political event ("invade", « s'entretenir avec »), lower for words with
  everyday senses ("attack" a problem, « prévenir », "call");
- **argument completeness** — both sides of the frame found (1.0); only the actor where
  the frame also licenses a recipient (0.85); only the recipient (0.7); parties that are
  only described ("des soldats", no country) count less (× 0.85), and so does an actor
  taken from proximity rather than the parse (× 0.85);
- **status certainty** — how reliable the cue that set the status is
  (:data:`dossier.events.status.CERTAINTY`: explicit words above tense and mood);
- **prominence** — a trigger heading its sentence or directly under its head (1.0) is
  more often the event the sentence reports than one deep in a complement (0.9);
- **realis** — an event said not to happen or only possibly (negated, denied,
  hypothetical, conditional) is weaker evidence than an asserted one (0.85).

The score is then mapped to a probability by a logistic curve fitted on ConfliBERT's
*train* split (1,349 sentences) with :func:`fit_calibration`: for each sentence with an
event, was the quad class of its most confident event right? :data:`CALIBRATION` holds the
fitted slope and intercept (see the comment there for the fit and its numbers). An event
with several mentions combines them as independent evidence (noisy-or), so that an event
reported three times in an article is surer than one mentioned once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .arguments import Arguments
from .lexicon import Entry

__all__ = ["CALIBRATION", "combine", "evidence_score", "fit_calibration", "probability"]

# Logistic calibration p = 1 / (1 + exp(-(SLOPE * score + INTERCEPT))), fitted with
# fit_calibration on ConfliBERT's train split: 1,053 of its 1,349 sentences have an event;
# the outcome is whether the quad class of the sentence's most confident event is the gold
# one (the best evidence of its type being right that public data gives). Refit after
# lexicon changes (two passes: the fit moves which event is most confident a little).
# Reliability on that split with these values: confidence 0.6-0.7 → 58 % right (mean 0.65),
# 0.7-0.8 → 73 % (0.75), 0.8-0.9 → 80 % (0.85), 0.9+ → 89 % (0.93); the lower bins hold
# appeals and reductions of relations, which CAMEO's quad classes put elsewhere than PLOVER.
CALIBRATION = (3.162, -1.180)

# The factors above. Set on ConfliBERT train: each was raised or lowered until the ranking
# of events by score matched their precision there; they are ordinal more than absolute,
# the calibration makes them probabilities.
ACTOR_ONLY = 0.85
RECIPIENT_ONLY = 0.7
DESCRIBED_ONLY = 0.85
BY_PROXIMITY = 0.85
DEEP_TRIGGER = 0.9
# Something said not to happen, or only possibly, is weaker evidence of an event than an
# assertion: in "X refused to lift the ban" the refusal is the event the sentence reports.
IRREALIS = 0.85
# The most confident a single event may be: rules are never certain.
CEILING = 0.99


def evidence_score(
    entry: Entry, args: Arguments, status: str, status_certainty: float, prominent: bool
) -> float:
    """The raw evidence score of one mention (see the module docstring)."""
    expects_recipient = "recipient" in entry.roles.values() or "pair" in entry.roles.values()
    if args.actors and args.recipients:
        completeness = 1.0
    elif args.actors:
        completeness = ACTOR_ONLY if expects_recipient else 1.0
    elif args.recipients:
        completeness = RECIPIENT_ONLY
    else:
        completeness = RECIPIENT_ONLY * RECIPIENT_ONLY
    parties = [*args.actors, *args.recipients]
    if parties and not any(p.code for p in parties):
        completeness *= DESCRIBED_ONLY
    if args.by_proximity:
        completeness *= BY_PROXIMITY
    prominence = 1.0 if prominent else DEEP_TRIGGER
    irrealis = IRREALIS if status in ("negated", "denied", "hypothetical", "conditional") else 1.0
    return entry.strength * completeness * status_certainty * prominence * irrealis


def probability(score: float) -> float:
    slope, intercept = CALIBRATION
    return min(CEILING, 1.0 / (1.0 + math.exp(-(slope * score + intercept))))


def combine(probabilities: Sequence[float]) -> float:
    """Several mentions of one event as independent evidence (noisy-or)."""
    remaining = 1.0
    for p in probabilities:
        remaining *= 1.0 - p
    return round(min(CEILING, 1.0 - remaining), 4)


def fit_calibration(
    samples: Sequence[tuple[float, bool]], iterations: int = 50
) -> tuple[float, float]:
    """Slope and intercept of the logistic curve that best maps evidence scores to the
    chance of being right (maximum likelihood, Newton's method): ``samples`` are (score,
    was the event right) pairs from labelled data."""
    slope, intercept = 1.0, 0.0
    for _ in range(iterations):
        g_slope = g_intercept = h_ss = h_si = h_ii = 0.0
        for score, right in samples:
            p = 1.0 / (1.0 + math.exp(-(slope * score + intercept)))
            residual, weight = p - float(right), p * (1.0 - p)
            g_slope += residual * score
            g_intercept += residual
            h_ss += weight * score * score
            h_si += weight * score
            h_ii += weight
        det = h_ss * h_ii - h_si * h_si
        if det <= 1e-12:
            break
        slope -= (h_ii * g_slope - h_si * g_intercept) / det
        intercept -= (h_ss * g_intercept - h_si * g_slope) / det
    return slope, intercept
