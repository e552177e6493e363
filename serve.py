"""Run the Procfile's processes on this machine (what `make serve` does), with honcho.

honcho starts each line, passes Ctrl-C (SIGINT) or SIGTERM on to all of them as SIGTERM, and
stops the others when one exits. The processes log JSON lines, which pass through untouched;
honcho's own notices ("web started") and the few lines a process prints outside its logging
(Celery's "worker: Warm shutdown") are wrapped as JSON too, so stdout holds one JSON object per
line for a log collector.
"""

import json
import os
import sys
from datetime import UTC
from pathlib import Path

from honcho.environ import parse_procfile
from honcho.manager import Manager


def _is_json_object(line):
    if not line.startswith("{"):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


class JsonPrinter:
    width = 0  # honcho sets it; the names are in the JSON instead

    def write(self, message):
        data = message.data
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        for line in text.splitlines():
            if not line.strip():
                continue
            if not _is_json_object(line):
                line = json.dumps(
                    {
                        "time": message.time.astimezone(UTC).isoformat(),
                        "level": "INFO",
                        "logger": "honcho" if message.name == "system" else message.name,
                        "message": line,
                    }
                )
            print(line, file=sys.stdout, flush=True)


def main():
    procfile = parse_procfile((Path(__file__).resolve().parent / "Procfile").read_text())
    manager = Manager(printer=JsonPrinter())
    for name, command in procfile.processes.items():
        manager.add_process(name, command, env=os.environ.copy())
    manager.loop()
    sys.exit(manager.returncode)


if __name__ == "__main__":
    main()
