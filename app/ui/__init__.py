"""NiceGUI pages. Pages show and forward: every action goes through `app.live.commands.dispatch`."""
