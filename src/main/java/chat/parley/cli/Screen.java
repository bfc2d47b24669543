package chat.parley.cli;

import org.jline.utils.AttributedString;

/**
 * Where the chat is shown and typed: a real terminal ({@link TerminalScreen}) or plain streams for pipes, scripts and
 * tests ({@link StreamScreen}). Printing is safe from any thread.
 */
interface Screen extends AutoCloseable {

    /** Whether a person is typing at a terminal (prompts, colours, notices). */
    boolean interactive();

    /** The next line typed, or null at the end of input (Ctrl-D, Ctrl-C, end of the pipe). */
    String readLine(String prompt);

    /** Asks a question and returns the answer (null at the end of input). */
    String ask(String question);

    /** Asks for a password without echoing it (null at the end of input). */
    String askSecret(String question);

    /** A chat line or an answer to a command: stdout. */
    void print(AttributedString line);

    /** Status for a person (connected, joined…): shown in a terminal only. */
    void notice(String text);

    /** Something went wrong but the chat goes on (reconnecting, a refused message): stderr when piped. */
    void warn(String text);

    @Override
    void close();
}
