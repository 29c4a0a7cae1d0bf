"""Start Klyngemøde: embedded SQLite in ./data, a demo meeting, http://localhost:8080."""

from app.server import main

if __name__ in {"__main__", "__mp_main__"}:
    main()
