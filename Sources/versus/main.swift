import SiteCommands

VersusCommand.main()
