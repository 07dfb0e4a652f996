from extractor.evaluate.fixtures import main

raise SystemExit(main())
