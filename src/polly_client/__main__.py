from polly_client.cli import main

raise SystemExit(main())
