"""Pure grading rules: a snapshot question and an answer in, marks out."""

from decimal import ROUND_HALF_UP, Decimal

FREE_TEXT = "free_text"
MULTIPLE = "multiple"


def correct_ids(question: dict) -> set[str]:
    return {choice["id"] for choice in question["choices"] if choice["correct"]}


def grade(question: dict, answer: list[str], *, partial_credit: bool) -> tuple:
    """Return (is_correct, marks) for an answer; (None, None) awaits a trainer."""
    points = Decimal(question["points"])
    if question["kind"] == FREE_TEXT:
        if not answer or not str(answer[0]).strip():
            return False, Decimal(0)
        return None, None
    chosen = set(answer)
    right = correct_ids(question)
    if chosen == right:
        return True, points
    if question["kind"] == MULTIPLE and partial_credit and right:
        hits = len(chosen & right) - len(chosen - right)
        share = max(Decimal(0), Decimal(hits) / Decimal(len(right)))
        marks = (points * share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return False, marks
    return False, Decimal(0)


def percent(marks: Decimal, possible: Decimal) -> int:
    if not possible:
        return 0
    return int((Decimal(100) * marks / possible).quantize(Decimal(1), ROUND_HALF_UP))


def outcome(
    *, marks: Decimal, possible: Decimal, awaiting_points: Decimal, pass_mark: int
) -> bool | None:
    """Whether the attempt passes, once the marks she has already decide it.

    True when she passes even with 0 on the answers still waiting for a trainer;
    False when she cannot pass even with full marks on them; None while they
    could still go either way. With nothing waiting, it is the plain result.
    """
    if percent(marks, possible) >= pass_mark:
        return True
    if percent(marks + awaiting_points, possible) < pass_mark:
        return False
    return None


def feedback(question: dict, answer: list[str], is_correct) -> dict:
    """What the feedback shows for one answer: each choice, whether it was hers."""
    chosen = set(answer)
    return {
        "question": question,
        "is_correct": is_correct,
        "answer_text": answer[0] if question["kind"] == FREE_TEXT and answer else "",
        "choices": [
            {**choice, "chosen": choice["id"] in chosen}
            for choice in question["choices"]
        ],
    }
