from portail_admin.cli import main

raise SystemExit(main())
