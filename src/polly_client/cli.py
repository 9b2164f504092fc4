"""``polly-client``: start, get, wait for and list tasks (AWS CLI style), run the local
endpoint, or run the demo."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import math
import os
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from polly_client.client import PollyClient
    from polly_client.models import SynthesisTask

__all__ = ["main"]

log = logging.getLogger(__name__)

# The AWS CLI's exit codes: a service error, any other failure.
_SERVICE_ERROR = 254
_OTHER_ERROR = 255
_STATUSES = ("scheduled", "inProgress", "completed", "failed")
_COLUMNS = (
    "TaskId",
    "TaskStatus",
    "VoiceId",
    "Engine",
    "OutputFormat",
    "RequestCharacters",
    "CreationTime",
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    _check_combinations(parser, args)
    if getattr(args, "debug", False):
        _debug_logging()
    try:
        result: int = args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (say, `head`) has gone: stop quietly, as other Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # expected failures become one line, never a traceback
        return _report(exc)
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="polly-client", description="Amazon Polly speech-synthesis tasks, from the shell."
    )
    parser.add_argument(
        "--version", action=_Version, help="show polly-client's and botocore's versions and exit"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    listing = commands.add_parser("list", help="list speech-synthesis tasks")
    listing.add_argument("--status", choices=_STATUSES)
    listing.add_argument("--max-items", type=int, help="stop after this many tasks")
    listing.add_argument("--page-size", type=int, help="tasks per request (1-100)")
    listing.add_argument("--starting-token", help="the NextToken a truncated listing printed")
    listing.add_argument(
        "--no-paginate",
        action="store_true",
        help="one request only (--page-size tasks from --starting-token); prints the service's "
        "NextToken",
    )
    _add_client_options(listing)
    listing.set_defaults(run=_list)

    start = commands.add_parser("start", help="start a speech-synthesis task")
    for option, required in _START_OPTIONS.items():
        start.add_argument(option, required=required)
    for option in ("--lexicon-names", "--speech-mark-types"):
        start.add_argument(option, nargs="+")
    start.add_argument("--wait", action="store_true", help="then wait for it to finish")
    _add_wait_options(start)
    _add_client_options(start)
    start.set_defaults(run=_start)

    get = commands.add_parser("get", help="show one task")
    get.add_argument("task_id", metavar="TASK_ID")
    _add_client_options(get)
    get.set_defaults(run=_get)

    wait = commands.add_parser(
        "wait", help="wait for a task to finish (exit code 255 if it fails or time runs out)"
    )
    wait.add_argument("task_id", metavar="TASK_ID")
    _add_wait_options(wait)
    _add_client_options(wait)
    wait.set_defaults(run=_wait)

    serve = commands.add_parser("serve", help="run the local Polly endpoint until interrupted")
    serve.add_argument("--port", type=int, default=8123, help="0 picks a free port")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="IPv4 address to listen on (default loopback; see SECURITY.md before changing it)",
    )
    serve.add_argument("--db", default=":memory:", help="SQLite file that keeps tasks")
    serve.add_argument("--seed", type=int, default=0, help="create this many example tasks")
    serve.add_argument("--region", default="us-east-1")
    serve.add_argument("--access-key", help="access key clients must sign with")
    serve.add_argument("--secret-key", help="its secret key")
    serve.add_argument(
        "--header-timeout",
        type=_positive(float),
        default=10.0,
        help="seconds a connection has to send a request's headers, idle time included "
        "(default 10)",
    )
    serve.add_argument(
        "--body-timeout",
        type=_positive(float),
        default=30.0,
        help="seconds a request has to send its body (default 30)",
    )
    serve.add_argument(
        "--max-connections",
        type=_positive(int),
        default=128,
        help="connections served at once; more are answered 503 (default 128)",
    )
    serve.set_defaults(run=_serve)

    demo = commands.add_parser("demo", help="list tasks from a local endpoint, end to end")
    demo.add_argument("--tasks", type=int, default=40)
    demo.set_defaults(run=_demo)
    return parser


# The AWS CLI's option names for StartSpeechSynthesisTask's scalar members, and which it requires.
_START_OPTIONS = {
    "--text": True,
    "--voice-id": True,
    "--output-s3-bucket-name": True,
    "--output-format": False,
    "--output-s3-key-prefix": False,
    "--engine": False,
    "--language-code": False,
    "--sample-rate": False,
    "--sns-topic-arn": False,
    "--text-type": False,
}


def _add_client_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output",
        choices=("table", "json", "text"),
        help="default: table, or json with --query",
    )
    parser.add_argument(
        "--query", help="a JMESPath expression applied to the JSON output, as the AWS CLI does"
    )
    parser.add_argument("--endpoint-url")
    parser.add_argument("--region")
    parser.add_argument("--profile")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="DEBUG logs of polly-client, botocore and urllib3 on stderr (secrets redacted)",
    )


class _Version(argparse.Action):
    """``--version`` in the AWS CLI's form, with botocore's version: read only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        import platform

        import botocore

        from polly_client._version import __version__

        print(
            f"polly-client/{__version__} Python/{platform.python_version()} "
            f"{platform.system()}/{platform.release()} botocore/{botocore.__version__}"
        )
        parser.exit()


def _check_combinations(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if getattr(args, "query", None) is not None and args.output == "table":
        parser.error("--query prints json or text, not a table")
    if getattr(args, "no_paginate", False) and args.max_items is not None:
        parser.error("--max-items needs pagination: use --page-size with --no-paginate")


def _debug_logging() -> None:
    """What the AWS CLI's --debug shows, on stderr in its format. polly_client's records redact
    the signature and session token, and botocore's signer is kept quiet while it signs for this
    client (auth_log_filter), so no secret reaches the terminal."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s - %(threadName)s - %(name)s - %(levelname)s - %(message)s")
    )
    for name in ("polly_client", "botocore", "urllib3"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)


def _add_wait_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", type=_positive(float), default=600.0, help="seconds")
    parser.add_argument(
        "--poll", type=_positive(float), default=2.0, help="first poll interval, seconds"
    )


def _positive(kind: type[float] | type[int]) -> Callable[[str], float]:
    def parse(text: str) -> float:
        value = kind(text)
        if not (value > 0 and math.isfinite(value)):
            raise argparse.ArgumentTypeError(f"must be a finite number above 0: {text}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its "invalid ..." message
    return parse


def _report(exc: Exception) -> int:
    from botocore.exceptions import ClientError

    log.debug("The error's traceback", exc_info=exc)  # with --debug, as the AWS CLI shows it
    print(f"polly-client: error: {exc}", file=sys.stderr)
    return _SERVICE_ERROR if isinstance(exc, ClientError) else _OTHER_ERROR


# -- list ---------------------------------------------------------------------------------------


def _list(args: argparse.Namespace) -> int:
    client = _client(args)
    if args.no_paginate:
        return _list_one_page(client, args)
    config = {
        key: value
        for key, value in (
            ("MaxItems", args.max_items),
            ("PageSize", args.page_size),
            ("StartingToken", args.starting_token),
        )
        if value is not None
    }
    params: dict[str, Any] = {} if args.status is None else {"Status": args.status}
    pages = client.get_paginator("list_speech_synthesis_tasks").paginate(
        PaginationConfig=config, **params
    )
    tasks: list[SynthesisTask] = []
    progress = _Progress(sys.stderr)
    for page in pages:
        tasks.extend(page.synthesis_tasks or ())
        progress.page(len(tasks))
    progress.done()
    _print_tasks(tasks, args, next_token=pages.resume_token)
    return 0


def _list_one_page(client: PollyClient, args: argparse.Namespace) -> int:
    params: dict[str, Any] = {
        key: value
        for key, value in (
            ("MaxResults", args.page_size),
            ("NextToken", args.starting_token),
            ("Status", args.status),
        )
        if value is not None
    }
    page = client.list_speech_synthesis_tasks(**params)
    _print_tasks(list(page.synthesis_tasks or ()), args, next_token=page.next_token)
    return 0


# -- start, get, wait -----------------------------------------------------------------------------


def _start(args: argparse.Namespace) -> int:
    params: dict[str, Any] = {"OutputFormat": "mp3"}
    for option in (*_START_OPTIONS, "--lexicon-names", "--speech-mark-types"):
        value = getattr(args, option[2:].replace("-", "_"))
        if value is not None:
            params[_member_name(option)] = value
    client = _client(args)
    task = client.start_speech_synthesis_task(**params).synthesis_task
    if args.wait and task is not None and task.task_id is not None:
        task = _wait_for(client, task.task_id, args)
    _print_tasks([] if task is None else [task], args, single=True)
    return 0


def _member_name(option: str) -> str:
    """``--output-s3-bucket-name`` -> ``OutputS3BucketName``, as the AWS CLI names options."""
    return "".join("S3" if word == "s3" else word.capitalize() for word in option[2:].split("-"))


def _get(args: argparse.Namespace) -> int:
    task = _client(args).get_speech_synthesis_task(TaskId=args.task_id).synthesis_task
    _print_tasks([] if task is None else [task], args, single=True)
    return 0


def _wait(args: argparse.Namespace) -> int:
    task = _wait_for(_client(args), args.task_id, args)
    _print_tasks([task], args, single=True)
    return 0


def _wait_for(client: PollyClient, task_id: str, args: argparse.Namespace) -> SynthesisTask:
    progress = _StatusLine(sys.stderr)
    try:
        return client.wait_for_speech_synthesis_task(
            task_id, timeout=args.timeout, poll=args.poll, on_progress=progress.show
        )
    finally:
        progress.done()


class _StatusLine:
    """The task's status as it changes, on stderr, only when a person is watching it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._seen: list[str] = []

    def show(self, task: SynthesisTask) -> None:
        status = str(task.task_status)
        if self._stream.isatty() and (not self._seen or self._seen[-1] != status):
            self._seen.append(status)
            self._stream.write(f"\r{task.task_id}: {' -> '.join(self._seen)}...")
            self._stream.flush()

    def done(self) -> None:
        if self._seen:
            self._stream.write("\r\033[K")
            self._stream.flush()


def _print_tasks(
    tasks: list[SynthesisTask],
    args: argparse.Namespace,
    *,
    single: bool = False,
    next_token: str | None = None,
) -> None:
    """In the AWS CLI's shapes: JSON as boto3's result (``SynthesisTask`` for one task,
    ``SynthesisTasks`` for a listing), text as tab-separated rows, or a table; with ``--query``,
    what the expression selects of that JSON."""
    if args.query is not None:
        _print_query(_document(tasks, single, next_token), args.query, args.output or "json")
        return
    output = args.output or "table"
    if output == "json":
        print(json.dumps(_document(tasks, single, next_token), indent=4))
    elif output == "text":
        for task in tasks:
            print("\t".join(_cell(task, column) for column in _COLUMNS))
        if next_token is not None:
            print(f"NEXTTOKEN\t{next_token}")
    else:
        _table(tasks, sys.stdout)
        if next_token is not None:
            print(f"NextToken: {next_token}")


def _document(tasks: list[SynthesisTask], single: bool, next_token: str | None) -> dict[str, Any]:
    """The JSON output as a JSON value: timestamps are ISO 8601 strings, as a query sees them."""
    result: dict[str, Any] = {}
    if not single:
        result["SynthesisTasks"] = [task.to_dict() for task in tasks]
    elif tasks:
        result["SynthesisTask"] = tasks[0].to_dict()
    if next_token is not None:
        result["NextToken"] = next_token
    document: dict[str, Any] = json.loads(json.dumps(result, default=_iso))
    return document


def _print_query(document: dict[str, Any], expression: str, output: str) -> None:
    import jmespath

    found = jmespath.search(expression, document)
    if output == "json":
        if found is not None:  # the AWS CLI prints nothing for a query that selects nothing
            print(json.dumps(found, indent=4))
        return
    for line in _text_lines(found):
        print(line)


def _text_lines(value: Any) -> list[str]:
    """The AWS CLI's text output of a query's result: scalars on one line, tab-separated (a
    mapping's values in key order), each nested list or mapping on lines of its own."""
    if value is None:
        return []
    if not isinstance(value, (list, dict)):
        return [str(value)]
    items = [value[key] for key in sorted(value)] if isinstance(value, dict) else value
    scalars = [str(item) for item in items if not isinstance(item, (list, dict))]
    nested = [
        line for item in items if isinstance(item, (list, dict)) for line in _text_lines(item)
    ]
    return (["\t".join(scalars)] if scalars else []) + nested


def _client(args: argparse.Namespace) -> PollyClient:
    from polly_client.client import PollyClient

    if args.profile is None:
        return PollyClient(region_name=args.region, endpoint_url=args.endpoint_url)
    from botocore.session import Session

    return PollyClient.from_session(
        Session(profile=args.profile), region_name=args.region, endpoint_url=args.endpoint_url
    )


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


class _Progress:
    """A page counter on stderr, only when a person is watching it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._shown = False
        self._pages = 0

    def page(self, tasks: int) -> None:
        self._pages += 1
        if self._pages > 1 and self._stream.isatty():
            self._stream.write(f"\rfetched {tasks} tasks ({self._pages} pages)...")
            self._stream.flush()
            self._shown = True

    def done(self) -> None:
        if self._shown:
            self._stream.write("\r\033[K")
            self._stream.flush()


def _cell(task: SynthesisTask, column: str) -> str:
    value = task.to_dict().get(column)
    if value is None:
        return "-"
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else str(value)


def _table(tasks: Iterable[SynthesisTask], out: TextIO) -> None:
    rows = [list(_COLUMNS)] + [[_cell(task, column) for column in _COLUMNS] for task in tasks]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_COLUMNS))]
    for index, row in enumerate(rows):
        out.write(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
        out.write("\n")
        if index == 0:
            out.write("  ".join("-" * width for width in widths) + "\n")


# -- serve and demo -----------------------------------------------------------------------------


def _serve(args: argparse.Namespace) -> int:
    from polly_client.local import LocalPolly

    credentials = None
    if args.access_key or args.secret_key:
        if not (args.access_key and args.secret_key):
            raise ValueError("--access-key and --secret-key go together")
        credentials = {args.access_key: args.secret_key}
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with LocalPolly(
        port=args.port,
        host=args.host,
        db=args.db,
        region=args.region,
        credentials=credentials,
        header_timeout=args.header_timeout,
        body_timeout=args.body_timeout,
        max_connections=args.max_connections,
    ) as polly:
        if args.seed:
            polly.seed(args.seed)
        print(f"Local Polly listening on {polly.url} (region {polly.region})", flush=True)
        if not args.host.startswith("127."):
            print(
                f"polly-client: warning: listening on {args.host}: plain HTTP and test keys, "
                "for trusted networks only (SECURITY.md)",
                file=sys.stderr,
                flush=True,
            )
        print(
            f"Sign with access key {polly.access_key} and secret key {polly.secret_key}", flush=True
        )
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
    return 0


_DEMO_TASKS = (
    ("Hello from polly-client.", "my-bucket"),
    ("<speak>Starting, waiting and listing, <break time='300ms'/> typed.</speak>", "my-bucket"),
    ("This one is sent to a bucket that does not exist.", "no-such-bucket"),
)


def _demo(args: argparse.Namespace) -> int:
    from polly_client.local import LocalPolly

    with LocalPolly() as polly:
        polly.seed(args.tasks)
        client = polly.client()
        print(f"Local Polly on {polly.url}, {args.tasks} earlier tasks seeded.\n")
        print("Starting three tasks, then waiting for each:")
        started = [
            client.start_speech_synthesis_task(
                Text=text,
                TextType="ssml" if text.startswith("<speak>") else "text",
                VoiceId="Joanna",
                OutputFormat="mp3",
                OutputS3BucketName=bucket,
            ).synthesis_task
            for text, bucket in _DEMO_TASKS
        ]
        for task in started:
            assert task is not None and task.task_id is not None
            print(f"  {task.task_id}: {_demo_wait(client, task.task_id)}")
        print("\nEvery task, listed 10 per page:\n")
        tasks = list(client.iter_speech_synthesis_tasks(page_size=10))
        _table(tasks, sys.stdout)
        print()
        counts = Counter(str(task.task_status) for task in tasks)
        for status in _STATUSES:
            characters = sum(
                task.request_characters or 0 for task in tasks if str(task.task_status) == status
            )
            print(f"{status:>10}: {counts[status]:4d} tasks, {characters:>9,} characters")
        print(
            f"\n{polly.requests()} requests, each signed with SigV4 and verified by the endpoint."
        )
    return 0


def _demo_wait(client: PollyClient, task_id: str) -> str:
    from polly_client.waiting import SynthesisTaskFailedError

    seen: list[str] = []

    def note(task: SynthesisTask) -> None:
        if not seen or seen[-1] != task.task_status:
            seen.append(str(task.task_status))

    try:
        task = client.wait_for_speech_synthesis_task(task_id, poll=0.5, on_progress=note)
    except SynthesisTaskFailedError as exc:
        return f"{' -> '.join(seen)} ({exc.reason})"
    location = task.output_location
    where = "" if location is None else f", s3://{location.bucket}/{location.key}"
    return f"{' -> '.join(seen)}{where}"
