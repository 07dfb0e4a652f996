"""Screenshots of the web view for the README, taken in headless Chromium.

    contracts ingest fixtures/
    python docs/make_screenshots.py --db contracts.db --as-of 2025-05-20

Starts `contracts serve` on the store, opens the main pages and writes docs/web-*.png.
Needs Debian's chromium and chromium-driver, and the test extra (selenium).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from selenium import webdriver

HERE = Path(__file__).resolve().parent
PAGES = {
    "home": "/",
    "overdue": "/contracts/overdue",
    "contract": "/-/contract/{contract}",
    "charts": "/-/dashboards/portfolio",
    "review": "/-/login?token=screenshots&name=Dana",  # logged in: the review forms show
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="contracts.db")
    parser.add_argument("--as-of", default="2025-05-20")
    parser.add_argument("--contract", default="3", help="contract id for the contract page")
    parser.add_argument("--port", type=int, default=8791)
    args = parser.parse_args()
    server = subprocess.Popen([sys.executable, "-c", "from tracker.cli import cli; cli()",
                               "serve", "--db", args.db, "--port", str(args.port),
                               "--as-of", args.as_of, "--review"],
                              env={**os.environ, "CONTRACTS_TOKEN": "screenshots"})  # fmt: skip
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", args.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        options = webdriver.ChromeOptions()
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", f"--user-data-dir={HERE / '.chromium-profile'}",
                     "--window-size=1280,900"):  # fmt: skip
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(
            executable_path=shutil.which("chromedriver")))  # fmt: skip
        try:
            for name, path in PAGES.items():
                driver.get(f"http://127.0.0.1:{args.port}" + path.format(contract=args.contract))
                time.sleep(3 if name == "charts" else 1)
                height = driver.execute_script("return document.documentElement.scrollHeight")
                driver.set_window_size(1280, min(max(height, 600), 1800))
                driver.save_screenshot(str(HERE / f"web-{name}.png"))
                print(f"wrote docs/web-{name}.png")
        finally:
            driver.quit()
            shutil.rmtree(HERE / ".chromium-profile", ignore_errors=True)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    os.chdir(HERE.parent)
    raise SystemExit(main())
