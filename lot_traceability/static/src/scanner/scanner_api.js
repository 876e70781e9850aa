/** @odoo-module **/
/* Copyright 2026 lot_traceability contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {onMounted, onWillUnmount, reactive, useEnv} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";

/**
 * The contract between the Traceability Scanner's shell (lot_scanner.js) and its operations
 * (Look up, Receive, Pick, Move, Count, …). See /SCANNER_SHELL.md of the repository for the
 * whole contract; in short:
 *
 * - an operation is an OWL component registered in the registry category
 *   ``lot_traceability.scanner_operations`` under its key, with ``{Component, label, icon,
 *   sequence}``; the home screen shows one big button per entry, in sequence order;
 * - in its ``setup`` it calls ``useScan(handler)``: every scan (hardware scanner through Odoo's
 *   barcode service, the scan bar, the camera) goes to ``handler(code)`` while it is on screen,
 *   one at a time (the next waits for the previous handler's promise);
 * - ``useScanner()`` gives the shell's API: feedback (``success``, ``warning``, ``error``,
 *   ``showResult``), ``call`` (an RPC whose user errors become an error feedback),
 *   ``setPrompt`` (the scan bar's placeholder), ``goHome``, ``open``.
 */
export const scannerOperations = registry.category(
    "lot_traceability.scanner_operations"
);

const FEEDBACK_SIGNALS = {
    // [frequency (Hz), duration (ms)] beeps, vibration pattern (ms)
    success: {beeps: [[1400, 90]], vibration: [60]},
    warning: {
        beeps: [
            [880, 120],
            [880, 120],
        ],
        vibration: [120, 80, 120],
    },
    danger: {
        beeps: [
            [330, 220],
            [247, 320],
        ],
        vibration: [250, 100, 250, 100, 250],
    },
};

/**
 * A short beep through WebAudio and a vibration, where the browser allows them (a phone's
 * browser only plays sound after a first touch of the page; iOS has no vibration): silently
 * nothing otherwise.
 */
export class ScannerSignals {
    constructor() {
        this.audioContext = null;
        this.muted = false;
    }

    _getAudioContext() {
        if (!this.audioContext) {
            const AudioContext = window.AudioContext || window.webkitAudioContext;
            if (!AudioContext) {
                return null;
            }
            try {
                this.audioContext = new AudioContext();
            } catch {
                return null;
            }
        }
        return this.audioContext;
    }

    play(type) {
        const signal = FEEDBACK_SIGNALS[type];
        if (!signal || this.muted) {
            return;
        }
        try {
            if ("vibrate" in window.navigator) {
                window.navigator.vibrate(signal.vibration);
            }
        } catch {
            // vibration refused (no user gesture yet): nothing to do
        }
        const context = this._getAudioContext();
        if (!context || context.state === "closed") {
            return;
        }
        try {
            if (context.state === "suspended") {
                context.resume();
            }
            let start = context.currentTime;
            for (const [frequency, duration] of signal.beeps) {
                const oscillator = context.createOscillator();
                const gain = context.createGain();
                oscillator.type = "square";
                oscillator.frequency.value = frequency;
                gain.gain.value = 0.08;
                oscillator.connect(gain);
                gain.connect(context.destination);
                oscillator.start(start);
                oscillator.stop(start + duration / 1000);
                start += (duration + 60) / 1000;
            }
        } catch {
            // no sound on this browser: the message on screen is the feedback
        }
    }
}

/**
 * The shell's API handed to the operations (``useScanner()``). Its ``state`` is reactive: the
 * shell renders ``state.feedback`` (the banner under the scan bar), ``state.prompt`` (the scan
 * bar's placeholder) and ``state.busy``.
 */
export class ScannerApi {
    /**
     * @param {Object} params
     * @param {Object} params.orm the orm service
     * @param {Function} params.open (key, code) => opens the operation ``key`` (the home screen
     *      for ``false``), handing it ``code`` once it listens
     */
    constructor({orm, open}) {
        this.orm = orm;
        this._open = open;
        this.signals = new ScannerSignals();
        this.state = reactive({feedback: null, prompt: "", busy: false});
        this.scanHandler = null;
        this.pendingCode = null;
        this.queue = Promise.resolve();
    }

    // ---- scans ---------------------------------------------------------------------------

    /**
     * Route one scan to the operation on screen (or, on the home screen, to ``fallback``'s
     * operation with the code). Scans are handled one after the other.
     */
    dispatch(code, fallback = "lookup") {
        code = (code || "").trim();
        if (!code) {
            return this.queue;
        }
        this.queue = this.queue.then(async () => {
            if (!this.scanHandler) {
                this.pendingCode = code;
                this._open(fallback);
                return;
            }
            this.state.busy = true;
            try {
                await this.scanHandler(code);
            } finally {
                this.state.busy = false;
            }
        });
        return this.queue;
    }

    _register(handler) {
        this.scanHandler = handler;
    }

    _unregister(handler) {
        if (this.scanHandler === handler) {
            this.scanHandler = null;
        }
    }

    _flushPending() {
        const code = this.pendingCode;
        this.pendingCode = null;
        if (code && this.scanHandler) {
            this.dispatch(code);
        }
    }

    // ---- navigation ----------------------------------------------------------------------

    /** Open the operation ``key`` (e.g. "receive"), with a first ``code`` to handle. */
    open(key, code = null) {
        this.pendingCode = code;
        this.clearFeedback();
        this._open(key);
    }

    goHome() {
        this.open(false);
    }

    /** The scan bar's placeholder: what the operation waits for ("Scan the receipt"). */
    setPrompt(prompt) {
        this.state.prompt = prompt || "";
    }

    // ---- feedback ------------------------------------------------------------------------

    _feedback(type, message, signal = true) {
        this.state.feedback = message ? {type, message} : null;
        if (signal) {
            this.signals.play(type);
        }
    }

    /** A scan accepted: green banner, one short beep, a short vibration. */
    success(message) {
        this._feedback("success", message);
    }

    /** Accepted, but look (over-ordered quantity…): orange banner, two beeps. */
    warning(message) {
        this._feedback("warning", message);
    }

    /** Refused (nothing recorded): red banner, two low beeps, a long vibration. */
    error(message) {
        this._feedback("danger", message);
    }

    /** Information without a sound (a prompt for the next step). */
    info(message) {
        this._feedback("info", message, false);
    }

    clearFeedback() {
        this.state.feedback = null;
    }

    /**
     * Show the feedback of a server answer that follows the operations' convention
     * (``{error}`` refused — nothing was written, ``{warning}`` accepted with a warning,
     * ``{message}`` accepted). Returns false for a refusal.
     */
    showResult(result) {
        if (!result) {
            return false;
        }
        if (result.error) {
            this.error(result.error);
            return false;
        }
        if (result.warning) {
            this.warning(result.warning);
        } else if (result.message) {
            this.success(result.message);
        }
        return true;
    }

    /**
     * ``orm.call`` for the operations: a UserError/ValidationError/AccessError raised by the
     * server (Odoo's own checks at validation, a record rule…) becomes an error feedback and
     * ``null`` instead of a dialog; any other error still goes to Odoo's error dialog.
     */
    async call(model, method, args = [], kwargs = {}) {
        try {
            return await this.orm.call(model, method, args, kwargs);
        } catch (error) {
            const name = error?.exceptionName || error?.data?.name || "";
            if (/(UserError|ValidationError|AccessError|MissingError)$/.test(name)) {
                this.error(error.data.message || _t("Refused."));
                return null;
            }
            throw error;
        }
    }
}

/** The shell's API (see ScannerApi), for an operation's ``setup``. */
export function useScanner() {
    return useEnv().lotScanner;
}

/**
 * Receive the scans while the calling operation is on screen: ``handler(code)`` (may return a
 * promise; the next scan waits for it).
 */
export function useScan(handler) {
    const scanner = useScanner();
    scanner._register(handler);
    onMounted(() => scanner._flushPending());
    onWillUnmount(() => scanner._unregister(handler));
    return scanner;
}
