"""Small widgets shared by pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nicegui import ui

from app.domain import clock as clk


class Countdown(ui.element, component="countdown.js"):
    """The remaining time of the current step, ticking in the browser from the server's deadline."""

    def __init__(self, state: clk.ClockState | None = None) -> None:
        super().__init__()
        if state is not None:
            self.show(state)

    def show(self, state: clk.ClockState, now: datetime | None = None) -> None:
        deadline = clk.step_deadline_at(state)
        self._props["status"] = state.status
        self._props["deadline"] = deadline.timestamp() * 1000 if state.status == "running" and deadline else None
        if state.status == "paused":
            self._props["remaining"] = state.remaining
        elif state.status == "not_started":
            self._props["remaining"] = state.plan[state.index]
        else:
            self._props["remaining"] = 0
        self.update()


class StepInfo(ui.element, component="step_info.js"):
    """A step's details (slides, task, questions, film, slide titles) drawn in the browser from one prop, so a
    step change costs a page one small update, not a rebuilt element tree. The texts are Vue-escaped."""

    def __init__(self) -> None:
        super().__init__()
        self._props["info"] = {}

    def show(self, info: dict[str, Any]) -> None:
        if self._props["info"] != info:
            self._props["info"] = info
            self.update()

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """Its texts, for NiceGUI's element filter (`user.should_see` in tests)."""
        info = self._props["info"]
        texts = [info.get("slides"), info.get("task"), *info.get("slide_titles", [])]
        for question in info.get("questions", []):
            texts += [question["text"], question["hint"], question["board"]]
        if info.get("video"):
            texts.append(info["video"]["label"])
        return texts


class PostCard(ui.element, component="post_card.js"):
    """A post without buttons (someone else's, or on the projector) as one element: its text and a line about it.
    The text is Vue-escaped, never HTML."""

    def __init__(self, text: str, meta: str, *, hidden: bool = False, big: bool = False) -> None:
        super().__init__()
        self._props.update({"text": text, "meta": meta, "hidden": hidden, "big": big})
        self.text = text  # like a label's, for tests and element filters

    def _displayed_contents(self, *, only_visible: bool) -> list:
        return [self._props["text"], self._props["meta"]]


class PostFeed(ui.element, component="post_feed.js"):
    """A question's answers on a participant's board as one element: a new post is one props update per page.
    `posts` are (id, text, meta, hidden, mine) tuples, newest first; "edit" and "delete" events carry a post id."""

    def __init__(self, heading: str, empty: str, edit_label: str, delete_label: str) -> None:
        super().__init__()
        self._props.update({"posts": (), "heading": heading, "empty": empty, "frozen": False,
                            "edit-label": edit_label, "delete-label": delete_label})

    def show(self, posts: tuple[tuple[int, str, str, bool, bool], ...], frozen: bool) -> None:
        """Send what changed: the whole list when the page is new or the board froze or thawed, else only the
        new and changed posts and the order of ids (`merge` in post_feed.js; applying it twice changes nothing).
        The props always hold the whole list, so a redraw or a reloaded page shows it all."""
        old = self._props["posts"]
        if posts == old and frozen == self._props["frozen"]:
            return
        self._props["posts"] = posts  # a tuple: NiceGUI leaves it as it is (no observable wrapping per post)
        if frozen != self._props["frozen"] or not old or not self.client.has_socket_connection:
            self._props["frozen"] = frozen
            self.update()
            return
        before = set(old)
        self.run_method("merge", [post for post in posts if post not in before], [post[0] for post in posts])

    @property
    def texts(self) -> list[str]:
        return [post[1] for post in self._props["posts"]]

    def _displayed_contents(self, *, only_visible: bool) -> list:
        posts = self._props["posts"]
        return [self._props["heading"], *(text for post in posts for text in post[1:3])] + (
            [] if posts else [self._props["empty"]])
