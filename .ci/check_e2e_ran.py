"""Fail unless every JUnit report holds browser tests that ran and passed."""

import sys
import xml.etree.ElementTree as ET

for report in sys.argv[1:]:
    cases = [
        case
        for case in ET.parse(report).getroot().iter("testcase")  # noqa: S314
        if ".e2e." in case.get("classname", "")
    ]
    not_run = [c for c in cases if c.find("skipped") is not None]
    if not cases or not_run:
        print(f"{report}: {len(cases)} browser tests, {len(not_run)} not run")
        sys.exit(1)
    print(f"{report}: {len(cases)} browser tests ran")
