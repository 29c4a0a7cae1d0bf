"""The "Efter mødet" tab with NiceGUI's simulated user: edit and save the draft, send with the confirm dialog to a
real local SMTP server, see the per-recipient report, and the resend warning."""

from __future__ import annotations

import dataclasses

from aiosmtpd.controller import Controller
from nicegui.testing import User

from app.live import export_commands
from app.live.runtime import ready
from tests.builders import facilitator_path, new_meeting, until
from tests.builders_export import Collector, add_board
from tests.server import free_port


async def test_facilitator_edits_the_draft_and_sends_with_a_report(user: User) -> None:
    rt = await ready()
    collector, port = Collector(refuse={"afvist@example.dk"}), free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        rt.settings = dataclasses.replace(rt.settings, smtp_host="127.0.0.1", smtp_port=port, smtp_security="none")
        new = await new_meeting(rt, cluster="Klynge Ærø")
        hub = await rt.hub(new.meeting.code)
        await add_board(rt.db, hub.id)
        for name, email in (("Bodil Ærø", "bodil@example.dk"), ("Afvist", "afvist@example.dk")):
            await rt.meetings.add_participant(hub.id, name=name, practice="Lægehuset", email=email, solo=False,
                                              secret_hash=None, source="roster", now=rt.now())
        await user.open(facilitator_path(new))
        user.find(marker="tab-export").click()
        await user.should_see(marker="draft-text", retries=50)
        user.find(marker="draft-text").clear().type("Kære klynge – tak for i dag. Hilsen Åse")
        user.find(marker="draft-save").click()
        await user.should_see("Redigeret af mødelederen", retries=50)
        assert hub.meeting.email_draft == "Kære klynge – tak for i dag. Hilsen Åse\n"

        user.find(marker="send").click()
        await user.should_see(marker="send-dialog", retries=50)
        user.find(marker="send-confirm").click()
        await until(lambda: len(collector.messages) == 1)
        await export_commands.wait_for_send(hub)
        await user.should_see(marker="status-sent", retries=50)
        await user.should_see(marker="status-refused")
        body = collector.messages[0][2].get_body(("plain",)).get_content()
        assert "Kære klynge – tak for i dag. Hilsen Åse" in body

        user.find(marker="send").click()
        await user.should_see(marker="resend-warning", retries=50)
    finally:
        controller.stop()
