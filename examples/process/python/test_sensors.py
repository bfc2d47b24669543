"""An application's tests against Parley, with Debian's python3-paho-mqtt (1.6) or paho-mqtt 2."""
import json
import queue
import urllib.request

import paho.mqtt.client as mqtt


def new_client(**kwargs):
    if hasattr(mqtt, "CallbackAPIVersion"):  # paho-mqtt 2
        return mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, **kwargs)
    return mqtt.Client(**kwargs)


def round_trip(subscriber, publisher, topic, text):
    received = queue.Queue()
    subscribed = queue.Queue()
    subscriber.on_message = lambda client, userdata, message: received.put(message.payload.decode())
    subscriber.on_subscribe = lambda *args: subscribed.put(True)
    subscriber.subscribe(topic, qos=1)
    subscribed.get(timeout=10)
    publisher.publish(topic, text, qos=1).wait_for_publish(timeout=10)
    return received.get(timeout=10)


def connected(client, port):
    client.connect("127.0.0.1", port)
    client.loop_start()
    return client


def test_a_reading_goes_from_publisher_to_subscriber(parley):
    subscriber = connected(new_client(), parley["mqtt"])
    publisher = connected(new_client(), parley["mqtt"])
    try:
        assert round_trip(subscriber, publisher, "sensors/kitchen", "21.5") == "21.5"
    finally:
        for client in (subscriber, publisher):
            client.loop_stop()
            client.disconnect()


def test_mqtt_over_websocket_reaches_tcp_subscribers(parley):
    subscriber = connected(new_client(), parley["mqtt"])
    web = new_client(transport="websockets")
    web.ws_set_options(path="/mqtt")
    connected(web, parley["ws"])
    try:
        assert round_trip(subscriber, web, "sensors/hall", "19.0") == "19.0"
    finally:
        for client in (subscriber, web):
            client.loop_stop()
            client.disconnect()


def test_the_web_api_answers(parley):
    with urllib.request.urlopen(f"http://127.0.0.1:{parley['http']}/api/health", timeout=10) as response:
        assert json.load(response)["status"] == "up"
