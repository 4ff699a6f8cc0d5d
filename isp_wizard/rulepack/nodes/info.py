"""A guidance page: read, not answered; it leads on by its branches or its ``next``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from isp_wizard.errors import InvalidAnswerError
from isp_wizard.rulepack.models import INFO_SEEN, AnswerValue, InfoNode, Partner
from isp_wizard.rulepack.nodes.base import Choice, RoutedNode, Tested


class CompiledInfo(RoutedNode[InfoNode]):
    kind = "info"
    on_trail = False
    takes_answer = False

    def check(self, value: AnswerValue | None, partners: Mapping[str, Partner]) -> AnswerValue:
        if value not in (None, INFO_SEEN):
            raise InvalidAnswerError("a guidance page takes no answer")
        return INFO_SEEN

    def table_choices(self, partners: Mapping[str, Partner], tested: Tested) -> Iterator[Choice]:
        yield INFO_SEEN, "(read)"
