"""Schemathesis runs on the OpenAPI document through WSGI, as `schemathesis run` would.

Its engine runs every phase (examples, coverage, fuzzing, stateful) with its default checks: no
server error, documented statuses, content types, headers and schemas, schema-valid data
accepted, invalid data rejected, 405 with `Allow` for other methods. Through the engine rather
than `schemathesis.pytest`, whose lazy fixture loader does not run on pytest 9.2.
"""

import schemathesis
from schemathesis.engine import Status, events

#: Examples per operation and phase: the run stays near a minute on this machine.
MAX_EXAMPLES = 20


def test_api_conforms_to_its_document(app, sample):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # No example database on disk (.hypothesis/): each run starts afresh.
    schema.config.generation.update(max_examples=MAX_EXAMPLES, database="none")
    failures, errors, tested = [], [], set()
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            tested.add(event.label)
            if event.status in (Status.FAILURE, Status.ERROR):
                for case_id, checks in event.recorder.checks.items():
                    case = event.recorder.cases[case_id].value
                    failures += [
                        f"{event.label} {check.name}: {check.failure_info.failure.title} "
                        f"{check.failure_info.failure.message}\n  {case.as_curl_command()}"
                        for check in checks
                        if check.status == Status.FAILURE and check.failure_info]
        elif isinstance(event, events.NonFatalError | events.FatalError):
            errors.append(f"{getattr(event, 'label', '')}: {event.info.format()}")
    assert not errors, "\n".join(errors)
    assert not failures, "\n".join(sorted(set(failures))[:30])
    assert len({label for label in tested if label}) >= 10
