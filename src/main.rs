//! The `ecsdrill` binary: parse arguments, build the real clock and prompter, run, and turn
//! an error into one line per problem on stderr and its documented exit code.

use clap::Parser;
use ecsdrill::app::{self, Context};
use ecsdrill::cli::Cli;
use ecsdrill::clock;
use ecsdrill::error::Error;
use ecsdrill::session::prompt::{LinePrompter, Prompter};
use ecsdrill::session::tty::TtyPrompter;
use ecsdrill::settings::ColorChoice;
use std::io::IsTerminal;

fn run() -> Result<(), Error> {
    let cli = Cli::parse();
    // A drill on a terminal reads Ctrl-C as a key (raw mode) and ends with its summary. Ctrl-C
    // anywhere else (a pipe, a long command) leaves at once: every grade is already committed,
    // so say so and leave with the conventional 130. (If the handler cannot be set, the default
    // signal behaviour, also exit 130, is just as safe.)
    let _ = ctrlc::set_handler(|| {
        ecsdrill::session::tty::restore_terminal();
        eprintln!("\ninterrupted: every grade given so far is saved");
        std::process::exit(130);
    });
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let clock = clock::from_env_value(env(clock::NOW_ENV).as_deref())?;
    let ctx = Context::resolve(&cli, &env, clock, rand::random())?;

    let color = match ctx.settings.color.value {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => env("NO_COLOR").is_none() && std::io::stdout().is_terminal(),
    };
    console::set_colors_enabled(color);

    let mut prompter: Box<dyn Prompter> =
        if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
            Box::new(TtyPrompter::new())
        } else {
            Box::new(LinePrompter::new(
                std::io::stdin().lock(),
                std::io::stdout(),
            ))
        };
    app::run(cli, &ctx, prompter.as_mut(), &mut std::io::stdout())
}

fn main() {
    if let Err(e) = run() {
        // A closed pipe (`ecsdrill cards | head`) is not worth a message.
        if let Error::Terminal(io) = &e
            && io.kind() == std::io::ErrorKind::BrokenPipe
        {
            std::process::exit(0);
        }
        for line in e.lines() {
            eprintln!("error: {line}");
        }
        std::process::exit(e.exit_code());
    }
}
