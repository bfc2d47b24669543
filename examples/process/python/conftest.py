"""A pytest fixture that runs Parley for the tests: `java -jar parley.jar --ephemeral --print-ports`.

PARLEY_JAR names the jar (default: target/parley.jar of this checkout) and JAVA the java to run it (default: java).
The server gets no PARLEY_* variables: it would read them as settings (and refuse PARLEY_JAR).
"""
import json
import os
import pathlib
import subprocess

import pytest

CHECKOUT = pathlib.Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def parley():
    jar = os.environ.get("PARLEY_JAR", str(CHECKOUT / "target" / "parley.jar"))
    server = subprocess.Popen(
        [os.environ.get("JAVA", "java"), "-jar", jar, "--ephemeral", "--print-ports"],
        env={name: value for name, value in os.environ.items() if not name.startswith("PARLEY_")},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline()  # {"http":41234,"mqtt":39871,"ws":45121,"https":0,"mqtts":0,"wss":0}
    if not line:
        raise RuntimeError("Parley did not start: " + server.stderr.read())
    yield json.loads(line)
    server.stdin.close()  # closing stdin stops the server, which deletes its temp data dir
    assert server.wait(timeout=60) == 0
