/** The callback data of the "stop receiving offers" button: reserved, no operator button may send it. */
export const OPT_OUT_CALLBACK_DATA = 'botdeck:stop';
