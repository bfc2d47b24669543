package chat.parley.cli;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;

import java.io.PrintStream;

/**
 * A real terminal through JLine: line editing with the history of your own lines (↑/↓), incoming messages printed
 * above the prompt without garbling what is being typed, colours when the terminal has them. The typed line is
 * erased on Enter: the message comes back from the broker as a chat line (or as an error).
 */
final class TerminalScreen implements Screen {

    private final Terminal terminal;
    private final LineReader reader;
    private final PrintStream err;

    TerminalScreen(Terminal terminal, PrintStream err) {
        this.terminal = terminal;
        this.err = err;
        var parser = new DefaultParser();
        parser.setEofOnUnclosedQuote(false); // "it's" is a message, not an open quote
        parser.setEofOnEscapedNewLine(false);
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("parley")
                .parser(parser)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // "hi!" stays "hi!"
                .option(LineReader.Option.ERASE_LINE_ON_FINISH, true)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .build();
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public String readLine(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    @Override
    public String ask(String question) {
        try {
            // asked questions stay on the screen, unlike chat lines
            String answer = LineReaderBuilder.builder().terminal(terminal).appName("parley").build()
                    .readLine(question);
            return answer == null ? null : answer.strip();
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    @Override
    public String askSecret(String question) {
        try {
            return LineReaderBuilder.builder().terminal(terminal).appName("parley").build()
                    .readLine(question, (char) 0);
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    @Override
    public void print(AttributedString line) {
        reader.printAbove(line);
    }

    @Override
    public void notice(String text) {
        reader.printAbove(Lines.notice(text));
    }

    @Override
    public void warn(String text) {
        reader.printAbove(Lines.warning(text));
    }

    @Override
    public void close() {
        terminal.flush();
        err.flush();
    }
}
